use serde::{Deserialize, Serialize};
use specta::Type;

use crate::StoreError;

/// Where a server is in its life. The allowed moves between stages belong to
/// the lifecycle crate; this is only the stored fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Inventory,
    Building,
    InService,
    MaintenanceCustomer,
    MaintenanceOperator,
    Deletion,
    Retired,
}

impl Stage {
    pub const ALL: [Stage; 7] = [
        Stage::Inventory,
        Stage::Building,
        Stage::InService,
        Stage::MaintenanceCustomer,
        Stage::MaintenanceOperator,
        Stage::Deletion,
        Stage::Retired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Inventory => "inventory",
            Stage::Building => "building",
            Stage::InService => "in_service",
            Stage::MaintenanceCustomer => "maintenance_customer",
            Stage::MaintenanceOperator => "maintenance_operator",
            Stage::Deletion => "deletion",
            Stage::Retired => "retired",
        }
    }

    pub fn parse(value: &str) -> Result<Stage, StoreError> {
        Stage::ALL
            .into_iter()
            .find(|stage| stage.as_str() == value)
            .ok_or_else(|| StoreError::UnknownValue {
                what: "stage",
                value: value.to_owned(),
            })
    }

    /// The tab of the "Lifecycle management" menu that lists servers in this stage.
    pub fn tab(self) -> Tab {
        match self {
            Stage::Inventory | Stage::Retired => Tab::Inventory,
            Stage::Building => Tab::Building,
            Stage::InService => Tab::InService,
            Stage::MaintenanceCustomer | Stage::MaintenanceOperator => Tab::Maintenance,
            Stage::Deletion => Tab::Deletion,
        }
    }
}

/// One tab of the "Lifecycle management" menu. Both maintenance stages share a
/// tab, and retired servers are reviewed from Inventory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Tab {
    Inventory,
    Building,
    InService,
    Maintenance,
    Deletion,
}

impl Tab {
    pub const ALL: [Tab; 5] = [
        Tab::Inventory,
        Tab::Building,
        Tab::InService,
        Tab::Maintenance,
        Tab::Deletion,
    ];

    pub fn stages(self) -> Vec<Stage> {
        Stage::ALL
            .into_iter()
            .filter(|stage| stage.tab() == self)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_round_trips_through_its_stored_name() {
        for stage in Stage::ALL {
            assert_eq!(Stage::parse(stage.as_str()).ok(), Some(stage));
        }
        assert!(matches!(
            Stage::parse("in-service"),
            Err(StoreError::UnknownValue { .. })
        ));
    }

    #[test]
    fn every_stage_belongs_to_exactly_one_tab() {
        let listed: usize = Tab::ALL.iter().map(|tab| tab.stages().len()).sum();
        assert_eq!(listed, Stage::ALL.len());
        assert_eq!(
            Tab::Maintenance.stages(),
            vec![Stage::MaintenanceCustomer, Stage::MaintenanceOperator]
        );
    }
}
