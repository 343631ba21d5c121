//! A fast lab (time scale 0.01, no VNC) enrolled into a scratch profile.

// Each test binary compiles this module and uses only part of it.
#![allow(dead_code)]

use racksmith_core::{Core, Profile};
use racksmith_lab::{Lab, LabSpec};

/// The lab, the folder the profile lives in (removed when dropped) and the core.
pub async fn enrolled_lab(servers: usize) -> (Lab, tempfile::TempDir, Core) {
    enrolled_lab_at(servers, 0.01).await
}

/// The same at another time scale (a whole-disk overwrite wants a faster one).
pub async fn enrolled_lab_at(servers: usize, time_scale: f64) -> (Lab, tempfile::TempDir, Core) {
    let lab = Lab::start(LabSpec {
        servers,
        time_scale,
        vnc: false,
        ..LabSpec::default()
    })
    .await
    .expect("lab");
    let dir = tempfile::tempdir().expect("dir");
    let core = Core::open(Profile::at(dir.path().join("profile"))).expect("core");
    core.enrol_lab(lab.servers()).await.expect("enrol");
    (lab, dir, core)
}
