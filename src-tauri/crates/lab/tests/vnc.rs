//! End-to-end tests of the lab VNC console, mostly through the real vnc-rs
//! client; a minimal hand-written RFB client covers what vnc-rs hides
//! (which encoding was used, malformed traffic).

use racksmith_lab::vnc::{serve, Console, Frame, Screen, SERVER_NAME};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use vnc::{PixelFormat, VncClient, VncConnector, VncEncoding, VncError, VncEvent, X11Event};
use vnc::{VncVersion, VncVersion::RFB38};

/// Upper bound for anything a test waits for; normally it takes milliseconds.
const DEADLINE: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------- lab server

/// A console served on 127.0.0.1:0; the server task stops when dropped.
struct Lab {
    console: Arc<Console>,
    addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Lab {
    async fn start(password: Option<&str>) -> Lab {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback listener");
        let addr = listener.local_addr().expect("listener address");
        let console = Console::new(password.map(str::to_string));
        let task = tokio::spawn(serve(listener, Arc::clone(&console)));
        Lab {
            console,
            addr,
            task,
        }
    }

    async fn wait_clients(&self, n: usize) {
        let console = Arc::clone(&self.console);
        eventually(&format!("{n} connected clients"), || {
            console.connected_clients() == n
        })
        .await;
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn eventually(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

fn post_screen() -> Screen {
    Screen::Post {
        vendor: "Contoso".into(),
        model: "R740 Simulated".into(),
        bios_version: "2.19.1".into(),
        serial: "SN-0001".into(),
    }
}

// ------------------------------------------------------------ vnc-rs viewer

#[derive(Clone, Copy)]
struct Opts {
    password: &'static str,
    encodings: &'static [VncEncoding],
    version: VncVersion,
    format: Option<PixelFormat>,
}

const RAW: Opts = Opts {
    password: "",
    encodings: &[VncEncoding::Raw],
    version: RFB38,
    format: None,
};
const ZRLE: Opts = Opts {
    encodings: &[VncEncoding::Zrle, VncEncoding::Raw],
    ..RAW
};

async fn connect(addr: SocketAddr, opts: Opts) -> Result<VncClient, VncError> {
    let tcp = TcpStream::connect(addr).await?;
    let password = opts.password.to_string();
    // vnc-rs needs an auth callback even when the server asks for none.
    let mut connector = VncConnector::new(tcp)
        .set_auth_method(async move { Ok(password) })
        .set_version(opts.version)
        .allow_shared(true);
    for &encoding in opts.encodings {
        connector = connector.add_encoding(encoding);
    }
    if let Some(format) = opts.format {
        connector = connector.set_pixel_format(format);
    }
    tokio::time::timeout(DEADLINE, connector.build()?.try_start())
        .await
        .map_err(|_| VncError::General("connect timed out".into()))??
        .finish()
}

/// A vnc-rs client plus the framebuffer it has been sent, as pixel values in
/// its own pixel format (colour bits only).
struct Viewer {
    client: VncClient,
    format: PixelFormat,
    width: usize,
    pixels: Vec<u32>,
}

impl Viewer {
    async fn open(addr: SocketAddr, opts: Opts) -> Viewer {
        let client = connect(addr, opts).await.expect("vnc-rs connects");
        Viewer {
            client,
            format: opts.format.unwrap_or_default(),
            width: 0,
            pixels: Vec::new(),
        }
    }

    fn apply(&mut self, event: VncEvent) {
        match event {
            VncEvent::SetResolution(size) => {
                self.width = usize::from(size.width);
                self.pixels = vec![u32::MAX; self.width * usize::from(size.height)];
            }
            VncEvent::SetPixelFormat(format) => self.format = format,
            VncEvent::RawImage(rect, data) => {
                let bpp = usize::from(self.format.bits_per_pixel / 8);
                let mask = colour_mask(&self.format);
                let (x, w) = (usize::from(rect.x), usize::from(rect.width));
                for (i, px) in data.chunks_exact(bpp).enumerate() {
                    let y = usize::from(rect.y) + i / w;
                    let index = y * self.width + x + i % w;
                    let value = px.iter().enumerate().fold(0u32, |acc, (k, &b)| {
                        let shift = if self.format.big_endian_flag != 0 {
                            8 * (bpp - 1 - k)
                        } else {
                            8 * k
                        };
                        acc | (u32::from(b) << shift)
                    });
                    if let Some(p) = self.pixels.get_mut(index) {
                        *p = value & mask;
                    }
                }
            }
            VncEvent::Error(e) => panic!("vnc-rs reported an error: {e}"),
            _ => {}
        }
    }

    /// Applies events until `done` holds. vnc-rs has no end-of-frame event,
    /// so this re-requests an incremental update whenever the stream is quiet.
    async fn wait_for(&mut self, what: &str, mut done: impl FnMut(&Viewer) -> bool) {
        let start = Instant::now();
        while !done(self) {
            assert!(start.elapsed() < DEADLINE, "timed out waiting for {what}");
            let quiet = Duration::from_millis(200);
            // recv_event and input share a lock: never hold one across the other.
            match tokio::time::timeout(quiet, self.client.recv_event()).await {
                Ok(Ok(event)) => self.apply(event),
                Ok(Err(e)) => panic!("client failed while waiting for {what}: {e}"),
                Err(_) => self
                    .client
                    .input(X11Event::Refresh)
                    .await
                    .expect("request an update"),
            }
        }
    }

    /// Waits until this client shows exactly what the console renders now
    /// (the latest frame, as it may still change while we wait).
    async fn wait_for_console(&mut self, console: &Console) {
        let mut shown = console.frame();
        let mut expected = to_format(&shown, &self.format);
        self.wait_for("the console frame", |v| {
            let latest = console.frame();
            if !Arc::ptr_eq(&latest, &shown) {
                expected = to_format(&latest, &v.format);
                shown = latest;
            }
            v.pixels == expected
        })
        .await;
    }

    async fn key(&self, keysym: u32) {
        for down in [true, false] {
            self.client
                .input(X11Event::KeyEvent((keysym, down).into()))
                .await
                .expect("send key");
        }
    }

    async fn type_text(&self, text: &str) {
        for ch in text.chars() {
            self.key(u32::from(ch)).await;
        }
    }
}

fn colour_mask(f: &PixelFormat) -> u32 {
    (u32::from(f.red_max) << f.red_shift)
        | (u32::from(f.green_max) << f.green_shift)
        | (u32::from(f.blue_max) << f.blue_shift)
}

/// The console frame as pixel values in `f`, scaling each 8-bit channel to
/// the format's maximum with rounding.
fn to_format(frame: &Frame, f: &PixelFormat) -> Vec<u32> {
    let scale = |c: u32, max: u16, shift: u8| ((c * u32::from(max) + 127) / 255) << shift;
    frame
        .pixels
        .iter()
        .map(|&rgb| {
            scale((rgb >> 16) & 0xff, f.red_max, f.red_shift)
                | scale((rgb >> 8) & 0xff, f.green_max, f.green_shift)
                | scale(rgb & 0xff, f.blue_max, f.blue_shift)
        })
        .collect()
}

// -------------------------------------------------- minimal RFB test client

/// Just enough RFB to see encodings on the wire and to misbehave on purpose.
struct RawClient {
    stream: TcpStream,
}

impl RawClient {
    /// Security type None, RFB 3.8, through ServerInit.
    async fn connect(addr: SocketAddr) -> RawClient {
        let mut stream = TcpStream::connect(addr).await.expect("connect");
        let mut version = [0u8; 12];
        stream.read_exact(&mut version).await.expect("version");
        assert_eq!(&version, b"RFB 003.008\n");
        stream.write_all(&version).await.expect("send version");
        let mut types = [0u8; 2];
        stream.read_exact(&mut types).await.expect("security types");
        assert_eq!(types, [1, 1], "one type offered: None");
        stream.write_all(&[1]).await.expect("choose None");
        assert_eq!(stream.read_u32().await.expect("SecurityResult"), 0);
        stream.write_all(&[1]).await.expect("ClientInit");
        let mut init = [0u8; 24];
        stream.read_exact(&mut init).await.expect("ServerInit");
        assert_eq!(&init[..4], &[3, 32, 2, 88], "800x600");
        assert_eq!(
            &init[4..20],
            &[32, 24, 0, 1, 0, 255, 0, 255, 0, 255, 16, 8, 0, 0, 0, 0],
            "32bpp depth 24 little-endian true colour"
        );
        let mut name =
            vec![0u8; u32::from_be_bytes([init[20], init[21], init[22], init[23]]) as usize];
        stream.read_exact(&mut name).await.expect("desktop name");
        assert_eq!(name, SERVER_NAME.as_bytes());
        RawClient { stream }
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.expect("send");
    }

    async fn set_encodings(&mut self, encodings: &[i32]) {
        let mut msg = vec![2, 0];
        msg.extend_from_slice(&(encodings.len() as u16).to_be_bytes());
        for e in encodings {
            msg.extend_from_slice(&e.to_be_bytes());
        }
        self.send(&msg).await;
    }

    async fn request(&mut self, incremental: bool) {
        let mut msg = vec![3, u8::from(incremental), 0, 0, 0, 0];
        msg.extend_from_slice(&800u16.to_be_bytes());
        msg.extend_from_slice(&600u16.to_be_bytes());
        self.send(&msg).await;
    }

    /// Reads one FramebufferUpdate (default 32bpp format); returns each
    /// rectangle as (x, y, w, h, encoding).
    async fn read_update(&mut self) -> Vec<(u16, u16, u16, u16, i32)> {
        tokio::time::timeout(DEADLINE, async {
            let s = &mut self.stream;
            assert_eq!(s.read_u8().await.expect("message type"), 0);
            s.read_u8().await.expect("padding");
            let count = s.read_u16().await.expect("rectangle count");
            let mut rects = Vec::new();
            for _ in 0..count {
                let (x, y) = (
                    s.read_u16().await.expect("x"),
                    s.read_u16().await.expect("y"),
                );
                let (w, h) = (
                    s.read_u16().await.expect("w"),
                    s.read_u16().await.expect("h"),
                );
                let encoding = s.read_i32().await.expect("encoding");
                let len = match encoding {
                    0 => usize::from(w) * usize::from(h) * 4,
                    16 => s.read_u32().await.expect("zlib length") as usize,
                    other => panic!("unexpected encoding {other}"),
                };
                let mut data = vec![0u8; len];
                s.read_exact(&mut data).await.expect("rectangle data");
                rects.push((x, y, w, h, encoding));
            }
            rects
        })
        .await
        .expect("an update arrives")
    }

    /// The server must close the connection (it may send a few bytes first).
    async fn expect_closed(mut self) {
        let closed = tokio::time::timeout(DEADLINE, async {
            let mut buf = [0u8; 1024];
            loop {
                match self.stream.read(&mut buf).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
            }
        })
        .await;
        assert!(closed.is_ok(), "server kept a misbehaving client open");
    }
}

// ------------------------------------------------------------------- tests

#[tokio::test]
async fn none_auth_shows_no_signal_then_post() {
    let lab = Lab::start(None).await;
    let mut viewer = Viewer::open(lab.addr, RAW).await;
    viewer.wait_for_console(&lab.console).await;
    lab.wait_clients(1).await;

    // NoSignal: mostly black, with grey text around the centre.
    let no_signal = viewer.pixels.clone();
    let black = no_signal.iter().filter(|&&p| p == 0).count();
    assert!(black * 10 > no_signal.len() * 9, "mostly black");
    let grey: Vec<usize> = (0..no_signal.len())
        .filter(|&i| no_signal[i] == 0x9a9a9a)
        .collect();
    assert!(grey.len() > 100, "\"No signal\" text is drawn");
    let (first, last) = (grey[0], grey[grey.len() - 1]);
    assert!(
        first / 800 > 250 && last / 800 < 350,
        "text is vertically centred"
    );
    assert_eq!(lab.console.screen(), Screen::NoSignal);

    lab.console.set_screen(post_screen());
    viewer.wait_for_console(&lab.console).await;
    assert_ne!(viewer.pixels, no_signal);
    let bright = viewer.pixels.iter().filter(|&&p| p == 0xffffff).count();
    assert!(bright > 100, "POST screen shows white vendor text");
    let non_black = viewer.pixels.iter().filter(|&&p| p != 0).count();
    assert!(
        non_black * 2 > viewer.pixels.len(),
        "no longer a black screen"
    );

    // Older protocol versions negotiate security type None too.
    for version in [VncVersion::RFB33, VncVersion::RFB37] {
        let mut older = Viewer::open(lab.addr, Opts { version, ..RAW }).await;
        older.wait_for_console(&lab.console).await;
    }
}

#[tokio::test]
async fn vnc_password_auth() {
    let lab = Lab::start(Some("s3cret")).await;
    let good = Opts {
        password: "s3cret",
        ..RAW
    };
    let mut first = Viewer::open(lab.addr, good).await;
    first.wait_for_console(&lab.console).await;

    match connect(
        lab.addr,
        Opts {
            password: "wrong",
            ..RAW
        },
    )
    .await
    {
        Err(VncError::General(reason)) => {
            assert!(reason.contains("authentication failed"), "reason: {reason}")
        }
        Err(e) => panic!("expected a SecurityResult reason, got {e}"),
        Ok(_) => panic!("wrong password accepted"),
    }
    // RFB 3.3 and 3.7 have no reason string.
    for version in [VncVersion::RFB33, VncVersion::RFB37] {
        let wrong = Opts {
            password: "s3cre",
            version,
            ..RAW
        };
        assert!(matches!(
            connect(lab.addr, wrong).await,
            Err(VncError::WrongPassword)
        ));
        let mut older = Viewer::open(lab.addr, Opts { version, ..good }).await;
        older.wait_for_console(&lab.console).await;
    }

    // The refused clients did not disturb the first one.
    lab.console.set_screen(Screen::BootingCd {
        image: "rescue.iso".into(),
    });
    first.wait_for_console(&lab.console).await;
}

#[tokio::test]
async fn typing_at_login_echoes_on_screen() {
    let lab = Lab::start(None).await;
    lab.console.set_screen(Screen::Login {
        hostname: "node-01".into(),
    });
    let mut viewer = Viewer::open(lab.addr, ZRLE).await;
    viewer.wait_for_console(&lab.console).await;
    let before = viewer.pixels.clone();

    viewer.type_text("root").await;
    let console = Arc::clone(&lab.console);
    eventually("typed text", || console.typed_text() == "root").await;
    viewer.wait_for_console(&lab.console).await;
    assert_ne!(viewer.pixels, before, "typed text is echoed");
    let echoed = viewer.pixels.clone();

    // BackSpace deletes; Return moves on to an (unechoed) password prompt.
    viewer.type_text("x").await;
    viewer.key(0xff08).await;
    viewer.key(0xff0d).await;
    viewer.type_text("pw").await;
    eventually("typed text", || console.typed_text() == "root\npw").await;
    viewer.wait_for_console(&lab.console).await;
    assert_ne!(viewer.pixels, echoed, "password prompt shown");

    // Keys elsewhere are ignored, and a new screen clears what was typed.
    lab.console.set_screen(post_screen());
    viewer.type_text("ls").await;
    viewer.wait_for_console(&lab.console).await;
    assert_eq!(lab.console.typed_text(), "");
}

#[tokio::test]
async fn zrle_matches_raw() {
    let lab = Lab::start(None).await;
    lab.console.set_screen(Screen::Installer {
        image: "ubuntu-24.04-live-server-amd64.iso".into(),
    });
    let mut raw = Viewer::open(lab.addr, RAW).await;
    let mut zrle = Viewer::open(lab.addr, ZRLE).await;
    raw.wait_for_console(&lab.console).await;
    zrle.wait_for_console(&lab.console).await;
    assert_eq!(zrle.pixels, raw.pixels);

    // A second, incremental update on the same zlib stream.
    lab.console.set_screen(Screen::Login {
        hostname: "node-02".into(),
    });
    zrle.type_text("admin").await;
    let console = Arc::clone(&lab.console);
    eventually("typed text", || console.typed_text() == "admin").await;
    raw.wait_for_console(&lab.console).await;
    zrle.wait_for_console(&lab.console).await;
    assert_eq!(zrle.pixels, raw.pixels);

    // On the wire: ZRLE when listed, Raw otherwise.
    for (encodings, expected) in [(&[16, 0][..], 16), (&[0][..], 0), (&[7, -223][..], 0)] {
        let mut client = RawClient::connect(lab.addr).await;
        client.set_encodings(encodings).await;
        client.request(false).await;
        let rects = client.read_update().await;
        assert!(!rects.is_empty());
        assert!(rects.iter().all(|r| r.4 == expected), "{rects:?}");
        let area: usize = rects
            .iter()
            .map(|r| usize::from(r.2) * usize::from(r.3))
            .sum();
        assert_eq!(area, 800 * 600, "a full update covers the screen once");
    }
}

#[tokio::test]
async fn other_pixel_formats() {
    let lab = Lab::start(None).await;
    lab.console.set_screen(Screen::BiosSetup {
        vendor: "Contoso".into(),
        bios_version: "2.19.1".into(),
    });
    let mut rgb565_be = PixelFormat::default();
    rgb565_be.bits_per_pixel = 16;
    rgb565_be.depth = 16;
    rgb565_be.big_endian_flag = 1;
    (rgb565_be.red_max, rgb565_be.green_max, rgb565_be.blue_max) = (31, 63, 31);
    (
        rgb565_be.red_shift,
        rgb565_be.green_shift,
        rgb565_be.blue_shift,
    ) = (11, 5, 0);
    let mut bgr233 = PixelFormat::default();
    bgr233.bits_per_pixel = 8;
    bgr233.depth = 8;
    (bgr233.red_max, bgr233.green_max, bgr233.blue_max) = (7, 7, 3);
    (bgr233.red_shift, bgr233.green_shift, bgr233.blue_shift) = (0, 3, 6);
    for format in [rgb565_be, bgr233, PixelFormat::rgba()] {
        for base in [RAW, ZRLE] {
            let opts = Opts {
                format: Some(format),
                ..base
            };
            let mut viewer = Viewer::open(lab.addr, opts).await;
            viewer.wait_for_console(&lab.console).await;
        }
    }
}

#[tokio::test]
async fn input_is_read_while_an_update_is_pending() {
    let lab = Lab::start(None).await;
    lab.console.set_screen(Screen::Login {
        hostname: "node-03".into(),
    });
    let mut client = RawClient::connect(lab.addr).await;
    client.request(false).await;
    client.read_update().await;
    // Nothing changed, so this request stays pending...
    client.request(true).await;
    // ...while the key is still applied and answers it.
    client.send(&[4, 1, 0, 0, 0, 0, 0, b'a']).await;
    let rects = client.read_update().await;
    assert_eq!(lab.console.typed_text(), "a");
    assert!(
        !rects.is_empty() && rects.len() < 5,
        "only changed tiles: {rects:?}"
    );
}

#[tokio::test]
async fn misbehaving_clients_do_not_disturb_others() {
    let lab = Lab::start(None).await;
    let mut viewer = Viewer::open(lab.addr, RAW).await;
    viewer.wait_for_console(&lab.console).await;

    // Gone before or during the handshake.
    drop(TcpStream::connect(lab.addr).await.expect("connect"));
    let mut half = TcpStream::connect(lab.addr).await.expect("connect");
    let mut version = [0u8; 12];
    half.read_exact(&mut version).await.expect("version");
    half.write_all(b"RFB 003.008\n").await.expect("version");
    drop(half);

    // Not RFB at all.
    let mut http = TcpStream::connect(lab.addr).await.expect("connect");
    http.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("send garbage");
    RawClient { stream: http }.expect_closed().await;

    // Malformed or unsupported messages after the handshake.
    let mut colour_map = vec![0, 0, 0, 0, 8, 8, 0, 0];
    colour_map.extend_from_slice(&[0; 12]);
    let mut bad_shift = vec![0, 0, 0, 0, 16, 16, 0, 1, 0, 31, 0, 63, 0, 31, 30, 5, 0];
    bad_shift.extend_from_slice(&[0; 3]);
    // (bytes, whether the message is cut short)
    let bad: [(&[u8], bool); 5] = [
        (&[0x99], false),                               // unknown message type
        (&[2, 0, 0, 10, 0, 0, 0, 16], true),            // SetEncodings cut short
        (&colour_map, false),                           // colour-map pixel format
        (&bad_shift, false),                            // component outside the pixel
        (&[6, 0, 0, 0, 0xff, 0xff, 0xff, 0xff], false), // 4 GiB clipboard
    ];
    for (bytes, truncated) in bad {
        let mut client = RawClient::connect(lab.addr).await;
        client.send(bytes).await;
        // A truncated message ends at EOF; the others must be refused as they are.
        if truncated {
            client.stream.shutdown().await.expect("half-close");
        }
        client.expect_closed().await;
    }

    lab.wait_clients(1).await;
    lab.console.set_screen(post_screen());
    viewer.wait_for_console(&lab.console).await;
}

#[tokio::test]
async fn stopping_the_server_ends_sessions() {
    let lab = Lab::start(None).await;
    let mut viewer = Viewer::open(lab.addr, RAW).await;
    viewer.wait_for_console(&lab.console).await;
    lab.wait_clients(1).await;
    lab.task.abort();
    lab.wait_clients(0).await;
    assert!(
        TcpStream::connect(lab.addr).await.is_err(),
        "listener closed"
    );
}
