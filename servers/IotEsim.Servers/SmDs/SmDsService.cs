using System.Text.Json.Nodes;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Es11;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Servers.SmDp;
using IotEsim.Servers.Storage;

namespace IotEsim.Servers.SmDs;

/// <summary>Event states: registered → retrieved (handed to the eUICC once at least) → deleted.</summary>
public static class EventStates
{
    public const string Registered = "registered", Retrieved = "retrieved", Deleted = "deleted";
}

/// <summary>
/// SM-DS (SGP.22 §3.6, §5.8/5.9): ES12 RegisterEvent/DeleteEvent from SM-DP+s, ES11 event retrieval by an
/// eUICC after the same mutual authentication as ES9+ (CERT.DSauth instead of CERT.DPauth).
/// </summary>
public sealed class SmDsService(ICryptoProvider crypto, SmDpStore store, SmDsOptions options)
{
    public RspMutualAuthentication Auth { get; } = new(crypto, store, options, SessionRoles.SmDs);
    public SmDsOptions Options => options;
    private IServerDatabase Db => store.Db;

    public Task<InitiateAuthenticationResponse> InitiateAuthenticationAsync(Es11InitiateAuthenticationRequest r)
        => Auth.InitiateAsync(r.SmdsAddress, r.EuiccChallenge, r.EuiccInfo1);

    /// <summary>ES11.AuthenticateClient: the events pending for the authenticated EID; the session ends here.</summary>
    public async Task<Es11AuthenticateClientResponse> AuthenticateClientAsync(AuthenticateClientRequest r)
    {
        var a = await Auth.AuthenticateAsync(r.TransactionId, r.AuthenticateServerResponse);
        var events = await Db.WriteAsync(async (c, tx) =>
        {
            var now = Db.NowMs;
            if (await SmDpStore.SetSessionAuthenticatedAsync(c, tx, now, a.Session.TransactionId, a.Eid, a.EuiccCertificate, a.EuiccSignature1, null, null, false) != 1)
                throw new RspFunctionException(Es9StatusCodes.TransactionIdUnknown, "session already authenticated");
            await SmDpStore.TransitionSessionAsync(c, tx, now, a.Session.TransactionId, SessionStates.Authenticated, SessionStates.Done);
            var list = await Sql.QueryAsync(c, tx, "SELECT event_id, rsp_server_address FROM smds_events WHERE eid = @e AND state <> 'deleted' ORDER BY created",
                rd => new Es11EventEntry(rd.GetString(0), rd.GetString(1)), ("@e", a.Eid));
            await Sql.ExecAsync(c, tx, "UPDATE smds_events SET state = 'retrieved', updated = @n WHERE eid = @e AND state = 'registered'", ("@n", now), ("@e", a.Eid));
            return list;
        });
        return new Es11AuthenticateClientResponse(a.Session.TransactionId, events.ToArray());
    }

    /// <summary>ES12.RegisterEvent {eid, rspServerAddress, eventId}; re-registering the same event id for the same EID is idempotent.</summary>
    public Task RegisterEventAsync(JsonObject o) => Db.WriteAsync(async (c, tx) =>
    {
        string eid = Req(o, "eid"), addr = Req(o, "rspServerAddress"), id = Req(o, "eventId");
        if (!Rsp.X509.CertificateChainValidator.IsEid(eid)) throw new RspFunctionException(Es9StatusCodes.EidRefused, eid);
        var now = Db.NowMs;
        var existing = await Sql.ScalarAsync(c, tx, "SELECT eid FROM smds_events WHERE event_id = @id", ("@id", id)) as string;
        if (existing is not null && existing != eid) throw new RspFunctionException(Es2PlusStatusCodes.MatchingIdAlreadyInUse, id);
        await Sql.ExecAsync(c, tx, """
            INSERT INTO smds_events (event_id, eid, rsp_server_address, state, created, updated) VALUES (@id, @e, @a, 'registered', @n, @n)
            ON CONFLICT (event_id) DO UPDATE SET rsp_server_address = @a, state = 'registered', updated = @n
            """, ("@id", id), ("@e", eid), ("@a", addr), ("@n", now));
        return 0;
    });

    /// <summary>ES12.DeleteEvent {eventId}.</summary>
    public Task DeleteEventAsync(JsonObject o) => Db.WriteAsync(async (c, tx) =>
    {
        var id = Req(o, "eventId");
        if (await Sql.ExecAsync(c, tx, "UPDATE smds_events SET state = 'deleted', updated = @n WHERE event_id = @id AND state <> 'deleted'",
                ("@n", Db.NowMs), ("@id", id)) != 1)
            throw new RspFunctionException(new Es9StatusCode("8.9.5", "3.9", "Event - Unknown"), id);
        return 0;
    });

    private static string Req(JsonObject o, string name)
        => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new RspFunctionException(Es9StatusCodes.FunctionMandatoryElementMissing, name);
}
