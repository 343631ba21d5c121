use serde::{Deserialize, Serialize};

use super::{Extra, Link, Status};

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Chassis {
    #[serde(rename = "@odata.id")]
    pub odata_id: Option<String>,
    pub id: Option<String>,
    pub chassis_type: Option<String>,
    pub manufacturer: Option<String>,
    pub model: Option<String>,
    pub serial_number: Option<String>,
    pub status: Option<Status>,
    pub thermal: Option<Link>,
    pub power: Option<Link>,
    pub thermal_subsystem: Option<Link>,
    pub power_subsystem: Option<Link>,
    pub sensors: Option<Link>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Thermal {
    pub temperatures: Vec<Temperature>,
    pub fans: Vec<Fan>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Temperature {
    pub name: Option<String>,
    pub reading_celsius: Option<f64>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Fan {
    pub name: Option<String>,
    pub reading: Option<f64>,
    pub reading_units: Option<String>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct Power {
    pub power_control: Vec<PowerControl>,
    pub power_supplies: Vec<serde_json::Value>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PowerControl {
    pub name: Option<String>,
    pub power_consumed_watts: Option<f64>,
    pub power_capacity_watts: Option<f64>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct ThermalSubsystem {
    pub fans: Option<Link>,
    pub thermal_metrics: Option<Link>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "PascalCase")]
pub struct PowerSubsystem {
    pub power_supplies: Option<Link>,
    pub status: Option<Status>,
    #[serde(flatten)]
    pub extra: Extra,
}
