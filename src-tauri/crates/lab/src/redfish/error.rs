//! Errors in Redfish form: `error.code`, `error.message` and `@Message.ExtendedInfo`
//! carrying messages of the DMTF Base registry, as real BMCs answer.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

const BASE: &str = "Base.1.22";

/// One message of the Base registry, with its arguments filled in.
#[derive(Debug, Clone)]
pub struct RedfishError {
    pub status: StatusCode,
    // Boxed: errors travel in every handler's Result, and most calls succeed.
    message: Box<Message>,
}

#[derive(Debug, Clone)]
struct Message {
    id: &'static str,
    text: String,
    args: Vec<String>,
    severity: &'static str,
    resolution: &'static str,
    retry_after: Option<u64>,
    /// Our own words for what went wrong, shown as `error.message` above the
    /// registry message when the registry's text alone would not say why.
    detail: Option<String>,
}

fn fill(template: &str, args: &[String]) -> String {
    args.iter()
        .enumerate()
        .fold(template.to_owned(), |text, (i, arg)| {
            text.replace(&format!("%{}", i + 1), arg)
        })
}

macro_rules! base_messages {
    ($($fn_name:ident($($arg:ident),*) => $status:ident, $id:literal, $severity:literal, $template:literal, $resolution:literal;)*) => {
        impl RedfishError {
            $(
                pub fn $fn_name($($arg: impl ToString),*) -> RedfishError {
                    let args: Vec<String> = vec![$($arg.to_string()),*];
                    RedfishError {
                        status: StatusCode::$status,
                        message: Box::new(Message {
                            id: $id,
                            text: fill($template, &args),
                            args,
                            severity: $severity,
                            resolution: $resolution,
                            retry_after: None,
                            detail: None,
                        }),
                    }
                }
            )*
        }
    };
}

base_messages! {
    general_error() => INTERNAL_SERVER_ERROR, "GeneralError", "Critical",
        "A general error has occurred.", "None.";
    internal_error() => INTERNAL_SERVER_ERROR, "InternalError", "Critical",
        "The request failed due to an internal service error.  The service is still operational.",
        "Resubmit the request.  If the problem persists, consider resetting the service.";
    unavailable(seconds) => SERVICE_UNAVAILABLE, "ServiceTemporarilyUnavailable", "Critical",
        "The service is temporarily unavailable.  Retry in %1 seconds.",
        "Wait for the indicated retry duration and retry the operation.";
    not_found(kind, name) => NOT_FOUND, "ResourceNotFound", "Critical",
        "The requested resource of type %1 named '%2' was not found.",
        "Provide a valid resource identifier and resubmit the request.";
    no_valid_session() => UNAUTHORIZED, "NoValidSession", "Critical",
        "There is no valid session established with the implementation.",
        "Establish a session before attempting any operations.";
    insufficient_privilege() => FORBIDDEN, "InsufficientPrivilege", "Critical",
        "There are insufficient privileges for the account or credentials associated with the current session to perform the requested operation.",
        "Either abandon the operation or change the associated access rights and resubmit the request if the operation failed.";
    session_limit() => SERVICE_UNAVAILABLE, "SessionLimitExceeded", "Critical",
        "The session establishment failed due to the number of simultaneous sessions exceeding the limit of the implementation.",
        "Reduce the number of other sessions before trying to establish the session or increase the limit of simultaneous sessions, if supported.";
    precondition_failed() => PRECONDITION_FAILED, "PreconditionFailed", "Critical",
        "The ETag supplied did not match the ETag required to change this resource.",
        "Try the operation again using the appropriate ETag.";
    malformed_json() => BAD_REQUEST, "MalformedJSON", "Critical",
        "The request body submitted was malformed JSON and could not be parsed by the receiving service.",
        "Ensure that the request body is valid JSON and resubmit the request.";
    property_unknown(property) => BAD_REQUEST, "PropertyUnknown", "Warning",
        "The property %1 is not in the list of valid properties for the resource.",
        "Remove the unknown property from the request body and resubmit the request if the operation failed.";
    property_not_writable(property) => BAD_REQUEST, "PropertyNotWritable", "Warning",
        "The property %1 is a read-only property and cannot be assigned a value.",
        "Remove the property from the request body and resubmit the request if the operation failed.";
    property_value_not_in_list(value, property) => BAD_REQUEST, "PropertyValueNotInList", "Warning",
        "The value '%1' for the property %2 is not in the list of acceptable values.",
        "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed.";
    property_value_type_error(value, property) => BAD_REQUEST, "PropertyValueTypeError", "Warning",
        "The value '%1' for the property %2 is not a type that the property can accept.",
        "Correct the value for the property in the request body and resubmit the request if the operation failed.";
    property_value_out_of_range(value, property) => BAD_REQUEST, "PropertyValueOutOfRange", "Warning",
        "The value '%1' for the property %2 is not in the supported range of acceptable values.",
        "Correct the value for the property in the request body and resubmit the request if the operation failed.";
    property_missing(property) => BAD_REQUEST, "PropertyMissing", "Warning",
        "The property %1 is a required property and must be included in the request.",
        "Ensure that the property is in the request body and has a valid value and resubmit the request if the operation failed.";
    property_value_conflict(property, value, uri) => CONFLICT, "PropertyValueResourceConflict", "Warning",
        "The property '%1' with the requested value of '%2' could not be written because the value conflicts with the state or configuration of the resource at '%3'.",
        "Correct the property value in the request body and resubmit the request.";
    action_not_supported(action) => BAD_REQUEST, "ActionNotSupported", "Critical",
        "The action %1 is not supported by the resource.",
        "The action supplied cannot be resubmitted to the implementation.  Perhaps the action was invalid, the wrong resource was the target or the implementation documentation may be of assistance.";
    action_parameter_missing(action, parameter) => BAD_REQUEST, "ActionParameterMissing", "Critical",
        "The action %1 requires the parameter %2 to be present in the request body.",
        "Supply the action with the required parameter in the request body when the request is resubmitted.";
    action_parameter_not_in_list(value, parameter, action) => BAD_REQUEST, "ActionParameterValueNotInList", "Warning",
        "The value '%1' for the parameter %2 in the action %3 is not in the list of acceptable values.",
        "Choose a value from the enumeration list that the implementation can support and resubmit the request if the operation failed.";
    action_parameter_value_error(parameter, action) => BAD_REQUEST, "ActionParameterValueError", "Warning",
        "The value for the parameter %1 in the action %2 is invalid.",
        "Correct the value for the parameter in the request body and resubmit the request if the operation failed.";
    resource_in_use() => CONFLICT, "ResourceInUse", "Warning",
        "The change to the requested resource failed because the resource is in use or in transition.",
        "Remove the condition and resubmit the request if the operation failed.";
    resource_already_exists(kind, property, value) => CONFLICT, "ResourceAlreadyExists", "Critical",
        "The requested resource of type %1 with the property %2 with the value '%3' already exists.",
        "Do not repeat the create operation as the resource has already been created.";
    resource_cannot_be_deleted() => METHOD_NOT_ALLOWED, "ResourceCannotBeDeleted", "Critical",
        "The delete request failed because the resource requested cannot be deleted.",
        "Do not attempt to delete a non-deletable resource.";
    operation_not_allowed() => METHOD_NOT_ALLOWED, "OperationNotAllowed", "Critical",
        "The HTTP method is not allowed on this resource.",
        "None.";
    create_missing_property(property) => BAD_REQUEST, "CreateFailedMissingReqProperties", "Critical",
        "The create operation failed because the required property %1 was missing from the request.",
        "Correct the body to include the required property with a valid value and resubmit the request if the operation failed.";
    query_not_supported() => BAD_REQUEST, "QueryNotSupported", "Warning",
        "Querying is not supported by the implementation.",
        "Remove the query parameters and resubmit the request if the operation failed.";
}

impl RedfishError {
    /// Answers with this status instead of the message's usual one.
    pub fn with_status(mut self, status: StatusCode) -> RedfishError {
        self.status = status;
        self
    }

    pub fn because(mut self, why: impl Into<String>) -> RedfishError {
        self.message.detail = Some(why.into());
        self
    }

    pub fn retry_after(mut self, seconds: u64) -> RedfishError {
        self.message.retry_after = Some(seconds);
        self
    }

    pub fn message_id(&self) -> String {
        format!("{BASE}.{}", self.message.id)
    }

    pub fn body(&self) -> Value {
        let m = &self.message;
        json!({
            "error": {
                "code": self.message_id(),
                "message": m.detail.as_deref().unwrap_or(&m.text),
                "@Message.ExtendedInfo": [{
                    "@odata.type": "#Message.v1_2_0.Message",
                    "MessageId": self.message_id(),
                    "Message": m.text,
                    "MessageArgs": m.args,
                    "MessageSeverity": m.severity,
                    "Resolution": m.resolution,
                }]
            }
        })
    }
}

impl std::fmt::Display for RedfishError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = self.message.detail.as_deref().unwrap_or(&self.message.text);
        write!(f, "{} {}: {text}", self.status.as_u16(), self.message_id())
    }
}

impl IntoResponse for RedfishError {
    fn into_response(self) -> Response {
        let mut response = (self.status, axum::Json(self.body())).into_response();
        if let Some(seconds) = self.message.retry_after {
            response
                .headers_mut()
                .insert("retry-after", HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                "www-authenticate",
                HeaderValue::from_static("Basic realm=\"Racksmith lab BMC\""),
            );
        }
        response
    }
}

pub type RedfishResult<T> = Result<T, RedfishError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_their_arguments_and_base_registry_id() {
        let error =
            RedfishError::property_value_not_in_list("Sideways", "BootSourceOverrideTarget");
        let body = error.body();
        assert_eq!(error.status, StatusCode::BAD_REQUEST);
        assert_eq!(body["error"]["code"], "Base.1.22.PropertyValueNotInList");
        let info = &body["error"]["@Message.ExtendedInfo"][0];
        assert_eq!(
            info["Message"],
            "The value 'Sideways' for the property BootSourceOverrideTarget is not in the list of acceptable values."
        );
        assert_eq!(
            info["MessageArgs"],
            json!(["Sideways", "BootSourceOverrideTarget"])
        );
    }
}
