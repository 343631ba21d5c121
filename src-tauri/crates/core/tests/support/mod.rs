//! A fast lab (time scale 0.01, no VNC) enrolled into a scratch profile.

use racksmith_core::{Core, Profile};
use racksmith_lab::{Lab, LabSpec};

/// The lab, the folder the profile lives in (removed when dropped) and the core.
pub async fn enrolled_lab(servers: usize) -> (Lab, tempfile::TempDir, Core) {
    let lab = Lab::start(LabSpec {
        servers,
        time_scale: 0.01,
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
