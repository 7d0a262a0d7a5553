namespace IotEsim.Servers.SmDp;

/// <summary>
/// Tables of the SM-DP+ and SM-DS roles, applied through <see cref="Storage.Migrations"/> (one entry there
/// points here). Binary values are stored as base64 TEXT so that SQLite and PostgreSQL share the SQL.
/// Everything a second instance needs (sessions, orders, events) lives here, nothing in memory.
/// </summary>
public static class SmDpSchema
{
    public const int Version = 10;
    public const string Name = "sm-dp+ and sm-ds";

    public const string Sql = """
CREATE TABLE smdp_profiles (
  iccid TEXT PRIMARY KEY, profile_type TEXT NOT NULL, state TEXT NOT NULL, upp TEXT NOT NULL,
  sp_name TEXT NOT NULL, profile_name TEXT NOT NULL, profile_class BIGINT NOT NULL DEFAULT 2,
  imsi TEXT NULL, created BIGINT NOT NULL, updated BIGINT NOT NULL);
CREATE INDEX ix_smdp_profiles_type_state ON smdp_profiles(profile_type, state);
CREATE TABLE smdp_orders (
  id TEXT PRIMARY KEY, iccid TEXT NOT NULL, eid TEXT NULL, matching_id TEXT NULL, cc_hash TEXT NULL,
  smds_address TEXT NULL, state TEXT NOT NULL, cc_attempts BIGINT NOT NULL DEFAULT 0,
  transaction_id TEXT NULL, expires BIGINT NOT NULL, created BIGINT NOT NULL, updated BIGINT NOT NULL,
  smds_event_id TEXT NULL, last_error TEXT NULL);
CREATE UNIQUE INDEX ux_smdp_orders_matching_id ON smdp_orders(matching_id);
CREATE INDEX ix_smdp_orders_iccid ON smdp_orders(iccid);
CREATE TABLE smdp_sessions (
  transaction_id TEXT PRIMARY KEY, role TEXT NOT NULL, state TEXT NOT NULL, server_address TEXT NOT NULL,
  euicc_challenge TEXT NOT NULL, server_challenge TEXT NOT NULL, ci_pkid TEXT NOT NULL,
  eid TEXT NULL, euicc_certificate TEXT NULL, euicc_signature1 TEXT NULL, smdp_signature2 TEXT NULL,
  order_id TEXT NULL, cc_required BIGINT NOT NULL DEFAULT 0, euicc_otpk TEXT NULL,
  created BIGINT NOT NULL, expires BIGINT NOT NULL, updated BIGINT NOT NULL);
CREATE TABLE smdp_notifications (
  id {AUTOID}, transaction_id TEXT NULL, eid TEXT NULL, iccid TEXT NULL, seq_number BIGINT NOT NULL,
  operation BIGINT NOT NULL, success BIGINT NULL, payload TEXT NOT NULL, received BIGINT NOT NULL);
CREATE TABLE smds_events (
  event_id TEXT PRIMARY KEY, eid TEXT NOT NULL, rsp_server_address TEXT NOT NULL, state TEXT NOT NULL,
  created BIGINT NOT NULL, updated BIGINT NOT NULL);
CREATE INDEX ix_smds_events_eid ON smds_events(eid, state)
""";
}
