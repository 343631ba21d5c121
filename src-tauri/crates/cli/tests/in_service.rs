//! `rackctl console snapshot`, `media` and `boot once` as a real binary against
//! the lab: a local ISO served while mounted, the installer on the screen after
//! booting from the virtual CD, and refusals that change nothing.

mod support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::{json, lab_up_with_consoles, lab_up_with_web_consoles, ok, rackctl};

/// The RGB of pixel (x, y) of a PNG file.
fn pixel(path: &Path, x: usize, y: usize) -> [u8; 3] {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(path).expect("png"),
    ));
    let mut reader = decoder.read_info().expect("png header");
    let mut buf = vec![0; reader.output_buffer_size().expect("size")];
    let info = reader.next_frame(&mut buf).expect("png frame");
    let channels = info.color_type.samples();
    let i = (y * info.width as usize + x) * channels;
    [buf[i], buf[i + 1], buf[i + 2]]
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

const INSTALLER_BLUE: [u8; 3] = [0x1d, 0x4f, 0x91];

#[test]
fn a_local_iso_is_served_mounted_booted_and_ejected() {
    let dir = tempfile::tempdir().expect("dir");
    let profile = dir.path().join("profile");
    let lab = lab_up_with_consoles(&profile, 1);
    ok(&profile, &["lab", "enrol"]);
    let name = support::server_names(&profile).remove(0);
    let name = name.as_str();

    // Not in stock: virtual media belongs to servers being built or in service.
    let iso = dir.path().join("installer.iso");
    std::fs::write(&iso, vec![0x42u8; 256 * 1024]).expect("iso");
    let iso_arg = iso.display().to_string();
    let refused = rackctl(&profile, &["media", "insert", name, &iso_arg, "--json"]);
    assert!(!refused.status.success());
    assert_eq!(json(&refused)["error"]["code"], "stage_forbids");
    ok(&profile, &["stage", "move", name, "building"]);
    ok(&profile, &["stage", "move", name, "in-service"]);

    // Bad input is refused whole.
    let bad = rackctl(&profile, &["boot", "once", name, "floppy", "--json"]);
    assert_eq!(json(&bad)["error"]["code"], "invalid_input");
    let missing = rackctl(
        &profile,
        &["media", "insert", name, "/no/such.iso", "--json"],
    );
    assert_eq!(json(&missing)["error"]["code"], "invalid_input");
    let shown = ok(&profile, &["media", "show", name]);
    assert_eq!(shown["slots"][0]["inserted"], false);

    // A local file: rackctl serves it and stays running while it is mounted.
    let mut serving = Command::new(env!("CARGO_BIN_EXE_rackctl"))
        .args(["media", "insert", name, &iso_arg, "--boot-once", "--json"])
        .env("RACKSMITH_PROFILE_DIR", &profile)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("rackctl media insert");
    let mut line = String::new();
    BufReader::new(serving.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("first line");
    let mounted: Value = serde_json::from_str(&line).expect("JSON");
    let url = mounted["served"]["url"]
        .as_str()
        .expect("served url")
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/installer.iso"),
        "{url}"
    );
    assert_eq!(mounted["slots"][0]["image"], url.as_str());
    assert_eq!(mounted["bootOverride"], "Once");
    assert_eq!(mounted["bootTarget"], "Cd");

    // Shut down (In service allows no forced power-off) and on again: POST,
    // then the CD boots to the installer.
    ok(&profile, &["power", "shutdown", name]);
    ok(&profile, &["power", "on", name]);
    let shot = dir.path().join("screen.png");
    let shot_arg = shot.display().to_string();
    wait_for("the installer on the screen", || {
        let taken = ok(
            &profile,
            &["console", "snapshot", "--server", name, "--out", &shot_arg],
        );
        assert_eq!(
            (taken["width"].as_u64(), taken["height"].as_u64()),
            (Some(800), Some(600))
        );
        pixel(&shot, 4, 4) == INSTALLER_BLUE
    });

    // Any VNC server by address, no profile needed.
    let port = lab.servers[0]["vnc_port"]
        .as_u64()
        .expect("vnc port")
        .to_string();
    let other = dir.path().join("direct.png");
    let direct = Command::new(env!("CARGO_BIN_EXE_rackctl"))
        .args([
            "console",
            "snapshot",
            "--vnc",
            &format!("127.0.0.1:{port}"),
            "--out",
        ])
        .arg(&other)
        .args(["--json"])
        .env("RACKSMITH_PROFILE_DIR", dir.path().join("unused"))
        .output()
        .expect("snapshot by address");
    assert!(
        direct.status.success(),
        "{}",
        String::from_utf8_lossy(&direct.stderr)
    );
    assert_eq!(pixel(&other, 4, 4), INSTALLER_BLUE);

    // Ejected from another process: the serving one notices and ends.
    let ejected = ok(&profile, &["media", "eject", name]);
    assert_eq!(ejected["slots"][0]["inserted"], false);
    let start = Instant::now();
    let status = loop {
        if let Some(status) = serving.try_wait().expect("wait") {
            break status;
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "the serving rackctl did not stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success());
    let audit = ok(&profile, &["audit", "list"]);
    let actions: Vec<&str> = audit
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for wanted in ["media_insert", "media_eject", "console_open"] {
        assert!(
            actions.contains(&wanted),
            "no {wanted} in the audit: {actions:?}"
        );
    }
}

#[test]
fn an_openbmc_style_console_is_found_and_opened_over_its_websocket() {
    let dir = tempfile::tempdir().expect("dir");
    let profile = dir.path().join("profile");
    let lab = lab_up_with_web_consoles(&profile, 1);
    assert!(lab.servers[0]["vnc_port"].is_null(), "no VNC port");
    ok(&profile, &["lab", "enrol"]);
    let name = support::server_names(&profile).remove(0);
    let name = name.as_str();
    ok(&profile, &["stage", "move", name, "building"]);
    ok(&profile, &["stage", "move", name, "in-service"]);
    ok(&profile, &["power", "on", name]);
    let shot = dir.path().join("web.png");
    let shot_arg = shot.display().to_string();
    let taken = ok(
        &profile,
        &["console", "snapshot", "--server", name, "--out", &shot_arg],
    );
    let address = taken["address"].as_str().expect("address");
    assert!(
        address.starts_with("wss://127.0.0.1:") && address.contains("/kvm/0"),
        "{address}"
    );
    assert_eq!(
        (taken["width"].as_u64(), taken["height"].as_u64()),
        (Some(800), Some(600))
    );
    let audit = ok(&profile, &["audit", "list", "--action", "console_open"]);
    assert_eq!(audit.as_array().map(Vec::len), Some(1), "{audit}");
    assert!(
        !audit
            .to_string()
            .contains(&format!("{}", lab.servers[0]["password"])),
        "no secret in the audit"
    );
    drop(lab);
}
