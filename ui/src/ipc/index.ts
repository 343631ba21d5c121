// The one folder that talks to Tauri. Everything else imports from here, so the
// UI can be tested with a fake backend and the bridge can be audited in one place.
import type { AppError, ErrorCode } from "./bindings";

export { commands } from "./bindings";
// Commands that stream progress take a Channel; the UI makes them, so it needs the class.
export { Channel } from "@tauri-apps/api/core";
export type {
  AccountSpec,
  Action,
  ActionRule,
  AddBmcRequest,
  AppError,
  AppInfo,
  AttributeKind,
  AuditEntry,
  AuditFilter,
  AuditVerdict,
  BackendRecord,
  BayDrive,
  BiosAttribute,
  BiosChange,
  BiosRefusal,
  BiosView,
  BmcAccess,
  BmcAccountView,
  BmcSettings,
  BmcSettingsView,
  BmcView,
  BootDevice,
  BuildProfile,
  CalendarEvent,
  CalendarRange,
  CertificateFile,
  CertificateFormat,
  CertificateView,
  CertifiedServer,
  Combo,
  ConsoleOpen,
  ConsoleOpened,
  ConsoleState,
  ConsoleStatus,
  Deletion,
  DeletionRequest,
  DeletionState,
  DeletionStep,
  DeletionView,
  DriveFact,
  EnrolResult,
  ErasedDrive,
  Erasure,
  ErasureCertificate,
  ErasureState,
  ErrorCode,
  ExportFormat,
  ExportedFile,
  FirmwareCheck,
  FirmwareLine,
  FirmwareComponentView,
  FirmwareFact,
  FirmwareView,
  FrameBatch,
  Hold,
  ImportReport,
  ImportRequest,
  ImportRowReport,
  Input,
  IronicSignIn,
  JobCounts,
  JobDetail,
  JobEvent,
  JobKind,
  JobLogLine,
  JobRecord,
  JobRequest,
  JobServer,
  JobServerState,
  JobState,
  LabEnrolReport,
  Language,
  LanguagePref,
  Layout,
  LifecycleDates,
  Location,
  LogFact,
  Media,
  MediaSlotView,
  MediaSource,
  MediaView,
  MoveRequest,
  MoveRule,
  NetworkMode,
  NicFact,
  OccurrenceState,
  OrderConflict,
  OrderDraft,
  OrderMove,
  OrderServer,
  OrderTask,
  OrderView,
  TaskRoute,
  TaskVia,
  PowerOp,
  PowerReading,
  PreflightCheck,
  Problem,
  ProfileEntry,
  RaidApplied,
  RaidApply,
  RaidLayout,
  RaidLevel,
  RaidPlan,
  RaidReview,
  RaidWarning,
  RefreshEvent,
  RefreshOutcome,
  Refusal,
  RefusalCode,
  RunView,
  SaveOrder,
  SavedFile,
  SelArchive,
  SensorFact,
  ServedView,
  ServerActions,
  ServerDetail,
  ServerPage,
  ServerPreflight,
  ServerQuery,
  ServerSummary,
  Settings,
  SnapshotInfo,
  Stage,
  StageChange,
  StepRecord,
  StepState,
  StorageView,
  SyncCounts,
  SyncReport,
  SystemFacts,
  Tab,
  TabSummary,
  ThemePref,
  TrustView,
  VolumeOptions,
  VolumeView,
  WaitCondition,
} from "./bindings";

function isAppError(value: unknown): value is AppError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { code?: unknown }).code === "string" &&
    typeof (value as { message?: unknown }).message === "string"
  );
}

/** A command's failure as a throwable Error that keeps the backend's stable code. */
export class AppFailure extends Error implements AppError {
  readonly code: ErrorCode;

  constructor({ code, message }: AppError) {
    super(message);
    this.name = "AppFailure";
    this.code = code;
  }
}

/** Whatever a command rejected with, as the one error shape the UI handles.
 *  Tauri's own failures (unknown command, bad argument) arrive as plain strings. */
export function toAppFailure(value: unknown): AppFailure {
  if (value instanceof AppFailure) return value;
  if (isAppError(value)) return new AppFailure(value);
  const message = value instanceof Error ? value.message : String(value);
  return new AppFailure({ code: "internal", message });
}
