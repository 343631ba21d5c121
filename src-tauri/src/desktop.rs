//! What the shell asks of the desktop: a file picker and the system browser.
//! Both run from Rust, so the webview itself is granted no plugin permission.

use racksmith_core::{Error, ErrorCode};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

pub type Picked = tokio::sync::oneshot::Receiver<Option<Result<String, String>>>;

/// The app handle's desktop services, without its runtime type parameter.
pub trait Desktop: Send + Sync {
    fn open_url(&self, url: &str) -> Result<(), Error>;
    /// A file picker showing only files named by `filter` (a label and
    /// extensions), or every file.
    fn pick_file(&self, filter: Option<(&str, &[&str])>) -> Picked;
}

impl<R: tauri::Runtime> Desktop for tauri::AppHandle<R> {
    fn open_url(&self, url: &str) -> Result<(), Error> {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                format!("{url} is not a web address"),
            ));
        }
        self.opener().open_url(url, None::<&str>).map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("the browser could not be opened: {e}"),
            )
        })
    }

    fn pick_file(&self, filter: Option<(&str, &[&str])>) -> Picked {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let mut picker = self.dialog().file();
        if let Some((label, extensions)) = filter {
            picker = picker.add_filter(label, extensions);
        }
        picker.pick_file(move |picked| {
            let _ = tx.send(picked.map(|p| {
                p.into_path()
                    .map(|p| p.display().to_string())
                    .map_err(|e| e.to_string())
            }));
        });
        rx
    }
}

/// An ISO image for virtual media; None when cancelled.
pub async fn choose_image_file(desktop: &dyn Desktop) -> Result<Option<String>, Error> {
    chosen(desktop.pick_file(Some(("ISO image", &["iso", "img"])))).await
}

/// A firmware image: vendors name them every way, so every file is offered.
pub async fn choose_firmware_file(desktop: &dyn Desktop) -> Result<Option<String>, Error> {
    chosen(desktop.pick_file(None)).await
}

/// Waits for the picker; None when cancelled.
async fn chosen(picked: Picked) -> Result<Option<String>, Error> {
    match picked.await {
        Err(_) => Err(Error::new(
            ErrorCode::Internal,
            "the file picker closed unexpectedly",
        )),
        Ok(None) => Ok(None),
        Ok(Some(Ok(path))) => Ok(Some(path)),
        Ok(Some(Err(e))) => Err(Error::new(
            ErrorCode::InvalidInput,
            format!("that file cannot be used: {e}"),
        )),
    }
}
