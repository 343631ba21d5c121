//! Hardware RAID against the lab over real HTTPS: volumes created on free
//! drives, read back with their drives and capacity, deleted; an impossible
//! layout refused by the controller with its reason, as our planner refuses it.

use std::time::Duration;

use racksmith_build::{plan, PlanDrive, RaidLevel, RaidRequest};
use racksmith_lab::{Lab, LabServerInfo, LabSpec};
use racksmith_redfish::facts::system_paths;
use racksmith_redfish::storage::{
    create_volume, delete_volume, read_storage, NewVolume, StorageView,
};
use racksmith_redfish::{Client, Credentials, Endpoint, Fingerprint, Limits, Secret, Trust};

fn client(info: &LabServerInfo) -> Client {
    let endpoint = Endpoint {
        base_url: info.redfish_url.clone(),
        trust: Trust::Pinned(Fingerprint::parse(&info.certificate_sha256).expect("fingerprint")),
        credentials: Credentials {
            username: info.username.clone(),
            password: Secret::new(info.password.clone()),
        },
    };
    let mut limits = Limits::default();
    limits.request_timeout = Duration::from_secs(5);
    Client::new(endpoint, limits).expect("client")
}

/// A storage's healthy drives in no volume, of its most common media type
/// (controllers refuse to mix HDDs and SSDs in one volume), and their sizes.
fn free_drives(storages: &[StorageView]) -> Option<(&StorageView, Vec<String>, Vec<u64>)> {
    storages
        .iter()
        .filter_map(|storage| {
            let free: Vec<_> = storage
                .drives
                .iter()
                .filter(|d| d.volume.is_none() && d.health.as_deref() == Some("OK"))
                .collect();
            let media = ["SSD", "HDD"].into_iter().max_by_key(|m| {
                free.iter()
                    .filter(|d| d.media_type.as_deref() == Some(*m))
                    .count()
            })?;
            let same: Vec<_> = free
                .into_iter()
                .filter(|d| d.media_type.as_deref() == Some(media))
                .collect();
            Some((
                storage,
                same.iter().map(|d| d.path.clone()).collect::<Vec<_>>(),
                same.iter()
                    .map(|d| d.capacity_bytes.unwrap_or(0))
                    .collect::<Vec<_>>(),
            ))
        })
        .max_by_key(|(_, drives, _)| drives.len())
}

fn planned(level: RaidLevel, sizes: &[u64]) -> u64 {
    let request = RaidRequest {
        level,
        drives: sizes.iter().map(|s| PlanDrive::sized(*s)).collect(),
        spans: None,
        hot_spares: Vec::new(),
    };
    plan(&request).expect("a possible layout").usable_bytes
}

#[tokio::test]
async fn raid10_and_raid1_are_created_read_back_and_deleted_and_raid5_on_two_is_refused() {
    let lab = Lab::start(LabSpec {
        servers: 8,
        time_scale: 0.01,
        vnc: false,
        ..LabSpec::default()
    })
    .await
    .expect("lab");
    // A server with six free healthy drives: RAID 10 on four and RAID 1 on two.
    let mut chosen = None;
    for info in lab.servers() {
        let client = client(info);
        let system = system_paths(&client).await.expect("systems").remove(0);
        let storages = read_storage(&client, &system).await.expect("storage");
        if free_drives(&storages).is_some_and(|(_, drives, _)| drives.len() >= 6) {
            chosen = Some((client, system, storages));
            break;
        }
        client.close().await.expect("logout");
    }
    let (client, system, storages) = chosen.expect("a lab server with six free drives");
    let (storage, drives, sizes) = free_drives(&storages).expect("free drives");
    assert!(
        storage.raid_types.iter().any(|t| t == "RAID10"),
        "{:?}",
        storage.raid_types
    );
    let volumes_path = storage.volumes_path.clone().expect("a volume collection");
    let before = storage.volumes.len();

    let raid10 = create_volume(
        &client,
        &volumes_path,
        &NewVolume {
            name: Some("data".into()),
            raid_type: "RAID10".into(),
            drives: drives[..4].to_vec(),
            spares: Vec::new(),
            capacity_bytes: None,
            strip_size_bytes: None,
            write_cache_policy: None,
            read_cache_policy: None,
        },
    )
    .await
    .expect("RAID 10 created");
    assert_eq!(raid10.raid_type.as_deref(), Some("RAID10"));
    assert_eq!(raid10.drives, drives[..4].to_vec());
    assert_eq!(
        raid10.capacity_bytes,
        Some(planned(RaidLevel::Raid10, &sizes[..4]))
    );

    let raid1 = create_volume(
        &client,
        &volumes_path,
        &NewVolume {
            name: Some("boot".into()),
            raid_type: "RAID1".into(),
            drives: drives[4..6].to_vec(),
            spares: Vec::new(),
            capacity_bytes: None,
            strip_size_bytes: Some(storage.options.strip_sizes[1]),
            write_cache_policy: Some(storage.options.write_cache[0].clone()),
            read_cache_policy: None,
        },
    )
    .await
    .expect("RAID 1 created");
    assert_eq!(
        raid1.capacity_bytes,
        Some(planned(RaidLevel::Raid1, &sizes[4..6]))
    );
    // The strip size and cache policy the controller offers are the ones it keeps.
    assert_eq!(
        storage.options.strip_sizes.len(),
        5,
        "{:?}",
        storage.options
    );
    assert_eq!(raid1.strip_size_bytes, Some(storage.options.strip_sizes[1]));
    assert_eq!(
        raid1.write_cache_policy.as_deref(),
        Some(storage.options.write_cache[0].as_str())
    );

    // Verified by reading the whole storage back: the bay map shows the members.
    let after = read_storage(&client, &system).await.expect("storage again");
    let again = after
        .iter()
        .find(|s| s.path == storage.path)
        .expect("same storage");
    assert_eq!(again.volumes.len(), before + 2);
    for (drive, volume) in drives[..6]
        .iter()
        .zip(["data", "data", "data", "data", "boot", "boot"])
    {
        let id = if volume == "data" {
            &raid10.id
        } else {
            &raid1.id
        };
        let bay = again
            .drives
            .iter()
            .find(|d| &d.path == drive)
            .expect("drive listed");
        assert_eq!(bay.volume.as_ref(), Some(id), "{drive} belongs to {volume}");
    }

    // RAID 5 on two drives: our planner says why, and so does the controller.
    let ours = plan(&RaidRequest {
        level: RaidLevel::Raid5,
        drives: sizes[6.min(sizes.len() - 2)..]
            .iter()
            .take(2)
            .map(|s| PlanDrive::sized(*s))
            .collect(),
        spans: None,
        hot_spares: Vec::new(),
    })
    .expect_err("refused");
    assert!(ours.message.contains("at least 3 drives"));
    let theirs = create_volume(
        &client,
        &volumes_path,
        &NewVolume {
            name: None,
            raid_type: "RAID5".into(),
            drives: drives[..2].to_vec(),
            spares: Vec::new(),
            capacity_bytes: None,
            strip_size_bytes: None,
            write_cache_policy: None,
            read_cache_policy: None,
        },
    )
    .await
    .expect_err("the controller refuses it too");
    assert!(theirs.to_string().contains("RAID5"), "{theirs}");

    delete_volume(&client, &raid10.path)
        .await
        .expect("RAID 10 deleted");
    delete_volume(&client, &raid1.path)
        .await
        .expect("RAID 1 deleted");
    let last = read_storage(&client, &system)
        .await
        .expect("storage at the end");
    let last = last
        .iter()
        .find(|s| s.path == storage.path)
        .expect("same storage");
    assert_eq!(last.volumes.len(), before);
    assert!(drives[..6].iter().all(|d| last
        .drives
        .iter()
        .any(|b| &b.path == d && b.volume.is_none())));
    client.close().await.expect("logout");
}
