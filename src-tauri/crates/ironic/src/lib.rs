//! A client for OpenStack Ironic's bare-metal API: the microversion both sides
//! speak, and the nodes, read page by page. Fleets too big for one desk are run
//! by Ironic's conductors; Racksmith reads and drives them through this.

mod client;
mod error;
mod firmware;
mod history;
mod indicators;
mod keystone;
mod node;
mod provision;
mod vmedia;

pub use client::{Auth, Client, Endpoint, NEWEST_VERSION, OLDEST_VERSION};
pub use error::Error;
pub use firmware::FirmwareComponent;
pub use history::HistoryEvent;
pub use indicators::{locator, Indicator};
pub use keystone::{Credential, Hidden, Keystone};
pub use node::Node;
pub use provision::{BiosSetting, Step, Verb};
pub use vmedia::VmediaSlot;
