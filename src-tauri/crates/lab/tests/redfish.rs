//! The lab's Redfish services, driven over real HTTPS.

mod common;

use std::time::Duration;

use common::{fast_spec, lab, message_id, Bmc};
use racksmith_lab::{Faults, LabSpec};
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn the_service_root_is_public_and_everything_else_needs_credentials() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::new(&lab.servers()[0]);
    let root = bmc.get("/redfish/v1").await;
    assert_eq!(root["Systems"]["@odata.id"], "/redfish/v1/Systems");
    let denied = bmc.send(Method::GET, "/redfish/v1/Systems/1", None).await;
    assert_eq!(denied.status, StatusCode::UNAUTHORIZED);
    assert_eq!(message_id(&denied.body), "Base.1.22.NoValidSession");
    // Basic auth works too, as on real BMCs.
    let basic = bmc
        .http
        .get(format!("{}/redfish/v1/Systems/1", bmc.info.redfish_url))
        .basic_auth(&bmc.info.username, Some(&bmc.info.password))
        .send()
        .await
        .expect("answer");
    assert_eq!(basic.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_client_that_does_not_trust_the_certificate_cannot_connect() {
    let lab = lab(fast_spec(2)).await;
    let servers = lab.servers();
    assert_ne!(
        servers[0].certificate_sha256, servers[1].certificate_sha256,
        "each BMC has its own certificate"
    );
    // Trusting server 2's certificate does not make server 1 trusted.
    let wrong = common::client_for(&servers[1]);
    let refused = wrong
        .get(format!("{}/redfish/v1", servers[0].redfish_url))
        .send()
        .await;
    assert!(
        refused.is_err(),
        "TLS must fail for an untrusted certificate"
    );
}

#[tokio::test]
async fn sessions_log_in_log_out_and_respect_the_limit() {
    let spec = LabSpec {
        session_limit: 2,
        ..fast_spec(1)
    };
    let lab = lab(spec).await;
    let info = &lab.servers()[0];
    let first = Bmc::login(info).await;
    let _second = Bmc::login(info).await;
    let third = Bmc::new(info)
        .send(
            Method::POST,
            "/redfish/v1/SessionService/Sessions",
            Some(json!({"UserName": info.username, "Password": info.password})),
        )
        .await;
    assert_eq!(third.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(message_id(&third.body), "Base.1.22.SessionLimitExceeded");

    let sessions = first.get("/redfish/v1/SessionService/Sessions").await;
    assert_eq!(sessions["Members@odata.count"], 2);
    let mine = sessions["Members"][0]["@odata.id"]
        .as_str()
        .expect("session uri")
        .to_owned();
    assert_eq!(
        first.send(Method::DELETE, &mine, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        first
            .send(Method::GET, "/redfish/v1/Systems/1", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    Bmc::login(info).await; // the freed slot can be used again

    let wrong = Bmc::new(info)
        .send(
            Method::POST,
            "/redfish/v1/SessionService/Sessions",
            Some(json!({"UserName": info.username, "Password": "nope"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_power_cycle_walks_through_the_transitions_and_is_logged() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let system = "/redfish/v1/Systems/1";
    assert_eq!(bmc.get(system).await["PowerState"], "Off");
    let info = bmc.get("/redfish/v1/Systems/1/ResetActionInfo").await;
    let allowed = info["Parameters"][0]["AllowableValues"]
        .as_array()
        .expect("values")
        .len();
    assert_eq!(allowed, 9);

    let reset = |kind: &'static str| {
        bmc.send(
            Method::POST,
            "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
            Some(json!({"ResetType": kind})),
        )
    };
    assert_eq!(reset("On").await.status, StatusCode::NO_CONTENT);
    let seen = bmc.wait_for(system, "PowerState", "On", 10).await;
    assert_eq!(seen, ["PoweringOn", "On"]);

    assert_eq!(reset("PowerCycle").await.status, StatusCode::NO_CONTENT);
    let seen = bmc.wait_for(system, "PowerState", "On", 10).await;
    assert!(seen.contains(&"PoweringOn".to_owned()), "{seen:?}");

    assert_eq!(
        reset("GracefulShutdown").await.status,
        StatusCode::NO_CONTENT
    );
    let busy = reset("GracefulRestart").await;
    assert_eq!(
        busy.status,
        StatusCode::CONFLICT,
        "a second action during a transition is refused"
    );
    bmc.wait_for(system, "PowerState", "Off", 10).await;

    let bad = reset("Sideways").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        message_id(&bad.body),
        "Base.1.22.ActionParameterValueNotInList"
    );
    let missing = bmc
        .send(
            Method::POST,
            "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
            Some(json!({})),
        )
        .await;
    assert_eq!(
        message_id(&missing.body),
        "Base.1.22.ActionParameterMissing"
    );

    let log = bmc
        .get("/redfish/v1/Managers/1/LogServices/SEL/Entries")
        .await;
    let messages: Vec<&str> = log["Members"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["Message"].as_str())
        .collect();
    assert!(
        messages.contains(&"The server was powered on."),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"The server was powered off."),
        "{messages:?}"
    );
}

#[tokio::test]
async fn boot_override_and_locator_follow_patch_rules_and_etags() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let system = "/redfish/v1/Systems/1";
    let etag = bmc.send(Method::GET, system, None).await.headers["etag"]
        .to_str()
        .expect("etag")
        .to_owned();

    let bad = bmc
        .send(
            Method::PATCH,
            system,
            Some(json!({"Boot": {"BootSourceOverrideTarget": "Floppy"}})),
        )
        .await;
    assert_eq!(message_id(&bad.body), "Base.1.22.PropertyValueNotInList");
    let read_only = bmc
        .send(Method::PATCH, system, Some(json!({"PowerState": "On"})))
        .await;
    assert_eq!(message_id(&read_only.body), "Base.1.22.PropertyNotWritable");
    let unknown = bmc
        .send(Method::PATCH, system, Some(json!({"Turbo": true})))
        .await;
    assert_eq!(message_id(&unknown.body), "Base.1.22.PropertyUnknown");
    let malformed = bmc
        .http
        .patch(format!("{}{system}", bmc.info.redfish_url))
        .header("X-Auth-Token", bmc.token.as_deref().unwrap_or_default())
        .body("{not json")
        .send()
        .await
        .expect("answer");
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);

    let change = json!({"Boot": {"BootSourceOverrideEnabled": "Once", "BootSourceOverrideTarget": "Cd"}, "LocationIndicatorActive": true});
    let stale = bmc
        .send_with(
            Method::PATCH,
            system,
            Some(change.clone()),
            &[("If-Match", "W/\"0000000000000000\"")],
        )
        .await;
    assert_eq!(stale.status, StatusCode::PRECONDITION_FAILED);
    let ok = bmc
        .send_with(Method::PATCH, system, Some(change), &[("If-Match", &etag)])
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body["Boot"]["BootSourceOverrideTarget"], "Cd");
    assert_eq!(ok.body["LocationIndicatorActive"], true);

    // A one-time override is spent by the next boot.
    bmc.send(
        Method::POST,
        "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
        Some(json!({"ResetType": "On"})),
    )
    .await;
    bmc.wait_for(system, "PowerState", "On", 10).await;
    assert_eq!(
        bmc.get(system).await["Boot"]["BootSourceOverrideEnabled"],
        "Disabled"
    );
}

#[tokio::test]
async fn accounts_and_roles_are_enforced() {
    let lab = lab(fast_spec(1)).await;
    let info = lab.servers()[0].clone();
    let admin = Bmc::login(&info).await;
    let created = admin
        .send(
            Method::POST,
            "/redfish/v1/AccountService/Accounts",
            Some(json!({"UserName": "viewer", "Password": "viewer-pass", "RoleId": "ReadOnly"})),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let short = admin
        .send(
            Method::POST,
            "/redfish/v1/AccountService/Accounts",
            Some(json!({"UserName": "x", "Password": "short", "RoleId": "ReadOnly"})),
        )
        .await;
    assert_eq!(short.status, StatusCode::BAD_REQUEST);
    let duplicate = admin
        .send(
            Method::POST,
            "/redfish/v1/AccountService/Accounts",
            Some(json!({"UserName": "viewer", "Password": "viewer-pass", "RoleId": "ReadOnly"})),
        )
        .await;
    assert_eq!(
        message_id(&duplicate.body),
        "Base.1.22.ResourceAlreadyExists"
    );

    let viewer_info = racksmith_lab::LabServerInfo {
        username: "viewer".into(),
        password: "viewer-pass".into(),
        ..info.clone()
    };
    let viewer = Bmc::login(&viewer_info).await;
    assert_eq!(viewer.get("/redfish/v1/Systems/1").await["Id"], "1");
    let refused = viewer
        .send(
            Method::POST,
            "/redfish/v1/Systems/1/Actions/ComputerSystem.Reset",
            Some(json!({"ResetType": "On"})),
        )
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(message_id(&refused.body), "Base.1.22.InsufficientPrivilege");

    let location = created.headers["location"]
        .to_str()
        .expect("location")
        .to_owned();
    assert_eq!(
        admin.send(Method::DELETE, &location, None).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        viewer
            .send(Method::GET, "/redfish/v1/Systems/1", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "its session ended with it"
    );
    let last_admin = admin
        .send(
            Method::DELETE,
            "/redfish/v1/AccountService/Accounts/2",
            None,
        )
        .await;
    assert_eq!(
        last_admin.status,
        StatusCode::METHOD_NOT_ALLOWED,
        "the last administrator stays"
    );
}

#[tokio::test]
async fn virtual_media_checks_the_image_url_before_mounting() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let insert = "/redfish/v1/Managers/1/VirtualMedia/CD1/Actions/VirtualMedia.InsertMedia";
    let (host_url, host) = common::serve_http(Vec::new()).await;
    let url = format!("{host_url}/images/installer.iso");

    let unreachable = bmc
        .send(
            Method::POST,
            insert,
            Some(json!({"Image": "http://127.0.0.1:9/nothing.iso"})),
        )
        .await;
    assert_eq!(unreachable.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        bmc.get("/redfish/v1/Managers/1/VirtualMedia/CD1").await["Inserted"],
        false
    );

    assert_eq!(
        bmc.send(Method::POST, insert, Some(json!({"Image": url})))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let cd = bmc.get("/redfish/v1/Managers/1/VirtualMedia/CD1").await;
    assert_eq!(cd["Inserted"], true);
    assert_eq!(cd["ImageName"], "installer.iso");
    let eject = "/redfish/v1/Managers/1/VirtualMedia/CD1/Actions/VirtualMedia.EjectMedia";
    assert_eq!(
        bmc.send(Method::POST, eject, Some(json!({}))).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        bmc.get("/redfish/v1/Managers/1/VirtualMedia/CD1").await["Inserted"],
        false
    );
    host.abort();
}

#[tokio::test]
async fn bmc_network_settings_validate_and_persist() {
    let lab = lab(fast_spec(1)).await;
    let bmc = Bmc::login(&lab.servers()[0]).await;
    let protocol = "/redfish/v1/Managers/1/NetworkProtocol";
    assert_eq!(
        bmc.get(protocol).await["IPMI"]["ProtocolEnabled"],
        false,
        "IPMI is off unless asked"
    );
    let ok = bmc
        .send(Method::PATCH, protocol, Some(json!({"HostName": "rack7-u12", "IPMI": {"ProtocolEnabled": true}, "NTP": {"NTPServers": ["127.0.0.1"]}})))
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.body["HostName"], "rack7-u12");
    let bad = bmc
        .send(
            Method::PATCH,
            protocol,
            Some(json!({"HostName": "bad name!"})),
        )
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    let nic = "/redfish/v1/Managers/1/EthernetInterfaces/1";
    let bad_ip = bmc
        .send(Method::PATCH, nic, Some(json!({"IPv4StaticAddresses": [{"Address": "10.0.0.999", "SubnetMask": "255.255.255.0", "Gateway": "10.0.0.1"}]})))
        .await;
    assert_eq!(bad_ip.status, StatusCode::BAD_REQUEST);
    let dhcp = bmc
        .send(
            Method::PATCH,
            nic,
            Some(json!({"DHCPv4": {"DHCPEnabled": true}})),
        )
        .await;
    assert_eq!(dhcp.body["IPv4Addresses"][0]["AddressOrigin"], "DHCP");
}

#[tokio::test]
async fn a_bmc_reset_ends_sessions_and_the_bmc_comes_back() {
    let lab = lab(fast_spec(1)).await;
    let info = lab.servers()[0].clone();
    let bmc = Bmc::login(&info).await;
    let reset = bmc
        .send(
            Method::POST,
            "/redfish/v1/Managers/1/Actions/Manager.Reset",
            Some(json!({"ResetType": "GracefulRestart"})),
        )
        .await;
    assert_eq!(reset.status, StatusCode::NO_CONTENT);
    tokio::time::sleep(Duration::from_millis(250)).await;
    let fresh = common::client_for(&info);
    assert!(
        fresh
            .get(format!("{}/redfish/v1", info.redfish_url))
            .send()
            .await
            .is_err(),
        "away while rebooting"
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    let back = Bmc::login(&info).await;
    assert_eq!(
        bmc.send(Method::GET, "/redfish/v1/Systems/1", None)
            .await
            .status,
        StatusCode::UNAUTHORIZED,
        "old sessions are gone"
    );
    assert_eq!(back.get("/redfish/v1/Systems/1").await["Id"], "1");
}

#[tokio::test]
async fn injected_faults_look_like_real_failures() {
    let spec = LabSpec {
        overrides: vec![
            racksmith_lab::FaultOverride {
                servers: vec![1],
                faults: Faults {
                    error_rate: 1.0,
                    ..Faults::default()
                },
            },
            racksmith_lab::FaultOverride {
                servers: vec![2],
                faults: Faults {
                    drop_rate: 1.0,
                    ..Faults::default()
                },
            },
            racksmith_lab::FaultOverride {
                servers: vec![3],
                faults: Faults {
                    malformed_rate: 1.0,
                    ..Faults::default()
                },
            },
            racksmith_lab::FaultOverride {
                servers: vec![4],
                faults: Faults {
                    sessions_exhausted: true,
                    ..Faults::default()
                },
            },
        ],
        ..fast_spec(4)
    };
    let lab = lab(spec).await;
    let s = lab.servers();
    let erroring = Bmc::new(&s[0]).send(Method::GET, "/redfish/v1", None).await;
    assert!(erroring.status.is_server_error());
    assert!(
        message_id(&erroring.body).starts_with("Base.1.22."),
        "{}",
        erroring.body
    );

    let dropped = common::client_for(&s[1])
        .get(format!("{}/redfish/v1", s[1].redfish_url))
        .send()
        .await;
    assert!(
        dropped.is_err(),
        "the connection is closed without an answer"
    );

    let cut = common::client_for(&s[2])
        .get(format!("{}/redfish/v1", s[2].redfish_url))
        .send()
        .await
        .expect("answer");
    let text = cut.text().await.expect("body");
    assert!(
        serde_json::from_str::<serde_json::Value>(&text).is_err(),
        "the JSON is cut short: {text}"
    );

    let full = Bmc::new(&s[3])
        .send(
            Method::POST,
            "/redfish/v1/SessionService/Sessions",
            Some(json!({"UserName": s[3].username, "Password": s[3].password})),
        )
        .await;
    assert_eq!(message_id(&full.body), "Base.1.22.SessionLimitExceeded");
}
