using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Es9Plus;
using IotEsim.Rsp.Provisioning;
using IotEsim.Servers.Storage;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.SmDp;

/// <summary>ES2+ status codes the operator side needs beyond the ES9+ set (SGP.22 §5.3).</summary>
public static class Es2PlusStatusCodes
{
    public static readonly Es9StatusCode IccidUnknown = new("8.2.1", "3.9", "Profile ICCID - Unknown");
    public static readonly Es9StatusCode IccidNotAvailable = new("8.2.1", "3.3", "Profile ICCID - Not available");
    public static readonly Es9StatusCode ProfileTypeUnavailable = new("8.2.5", "3.7", "Profile Type - Unavailable");
    public static readonly Es9StatusCode MatchingIdAlreadyInUse = new("8.2.6", "3.3", "Matching ID - Already in use");
    public static readonly Es9StatusCode OrderStateInvalid = new("8.2", "3.10", "Profile - Invalid association");
}

public sealed record OrderResult(string Iccid, string? Eid, string? MatchingId, string SmdpAddress, string OrderId);

/// <summary>
/// ES2+ (SGP.22 §5.3) for the operator: DownloadOrder reserves a profile, ConfirmOrder sets matching ID / confirmation
/// code / SM-DS and optionally releases it, ReleaseProfile releases it, CancelOrder gives the profile back.
/// A confirmed order for a known EID with an smdsAddress is announced at that SM-DS (ES12.RegisterEvent, eventId =
/// matching ID, so the LPA passes the event id as matching ID to ES9+).
/// </summary>
public sealed class Es2PlusService(ICryptoProvider crypto, SmDpStore store, SmDpOptions options, IHttpClientFactory httpFactory,
    ILogger<Es2PlusService> log)
{
    private IServerDatabase Db => store.Db;

    public Task<OrderResult> DownloadOrderAsync(string? eid, string? iccid, string? profileType) => Db.WriteAsync(async (c, tx) =>
    {
        var now = Db.NowMs;
        ProfileRecord? p;
        if (iccid is not null)
        {
            p = await SmDpStore.GetProfileAsync(c, tx, "iccid = @i", ("@i", iccid)) ?? throw new RspFunctionException(Es2PlusStatusCodes.IccidUnknown, iccid);
            if (p.State != ProfileStates.Available) throw new RspFunctionException(Es2PlusStatusCodes.IccidNotAvailable, iccid);
        }
        else if (options.TemplateFor(profileType) is { } template)
            p = await GenerateFromTemplateAsync(c, tx, now, template);
        else if (profileType is not null)
            p = await SmDpStore.GetProfileAsync(c, tx, "profile_type = @t AND state = 'available' ORDER BY iccid", ("@t", profileType))
                ?? throw new RspFunctionException(Es2PlusStatusCodes.ProfileTypeUnavailable, profileType);
        else throw new RspFunctionException(Es9StatusCodes.FunctionMandatoryElementMissing, "iccid or profileType");
        if (await Sql.ExecAsync(c, tx, "UPDATE smdp_profiles SET state = 'allocated', updated = @n WHERE iccid = @i AND state = 'available'",
                ("@n", now), ("@i", p.Iccid)) != 1)
            throw new RspFunctionException(Es2PlusStatusCodes.IccidNotAvailable, p.Iccid);
        var id = "ord_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        await Sql.ExecAsync(c, tx, """
            INSERT INTO smdp_orders (id, iccid, eid, state, cc_attempts, expires, created, updated)
            VALUES (@id, @i, @e, 'reserved', 0, @x, @n, @n)
            """, ("@id", id), ("@i", p.Iccid), ("@e", eid), ("@x", now + (long)options.OrderTtl.TotalMilliseconds), ("@n", now));
        return new OrderResult(p.Iccid, eid, null, options.ServerAddress, id);
    });

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _templateUpps = new();

    /// <summary>A fresh profile for one order: the next unused serial of the template (ICCID and IMSI follow it),
    /// random Ki, OPc from the template's OP; stored as 'available' so the allocation below takes it like any other.</summary>
    private async Task<ProfileRecord> GenerateFromTemplateAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, long now, ProfileTemplate t)
    {
        byte[] upp;
        try { upp = _templateUpps.GetOrAdd(t.ProfileType, _ => t.LoadUpp()); }
        catch (IOException e) { throw new RspFunctionException(Es2PlusStatusCodes.ProfileTypeUnavailable, t.ProfileType + ": " + e.Message); }
        long serial = t.FirstSerial + Sql.L(await Sql.ScalarAsync(c, tx, "SELECT COUNT(*) FROM smdp_profiles WHERE profile_type = @t", ("@t", t.ProfileType)));
        for (int tries = 0; tries < 1000; tries++, serial++)
        {
            var iccid = ProfileTemplates.MakeIccid(t.IccidPrefix, serial);
            if (await SmDpStore.GetProfileAsync(c, tx, "iccid = @i", ("@i", iccid)) is not null) continue;
            GeneratedProfile g;
            try { g = ProfileTemplates.Generate(t, upp, serial); }
            catch (Exception e) when (e is InvalidDataException or DerException or ArgumentException)
            {
                log.LogWarning("profile template {Type} unusable: {Message}", t.ProfileType, e.Message);
                throw new RspFunctionException(Es2PlusStatusCodes.ProfileTypeUnavailable, t.ProfileType);
            }
            var name = t.ProfileName ?? t.ProfileType;
            await SmDpStore.InsertProfileAsync(c, tx, now, g.Iccid, t.ProfileType, g.Upp, t.ServiceProviderName, name, t.ProfileClass,
                ProfileStates.Available, g.Imsi);
            log.LogInformation("profile {Iccid} (IMSI {Imsi}) generated from template {Type}", g.Iccid, g.Imsi, t.ProfileType);
            return new ProfileRecord(g.Iccid, t.ProfileType, ProfileStates.Available, g.Upp, t.ServiceProviderName, name, t.ProfileClass);
        }
        throw new RspFunctionException(Es2PlusStatusCodes.ProfileTypeUnavailable, t.ProfileType + ": no free ICCID");
    }

    public async Task<OrderResult> ConfirmOrderAsync(string iccid, string? eid, string? matchingId, string? confirmationCode, string? smdsAddress, bool releaseFlag)
    {
        matchingId ??= NewMatchingId();
        var result = await Db.WriteAsync(async (c, tx) =>
        {
            var now = Db.NowMs;
            var o = await SmDpStore.GetOrderAsync(c, tx, "iccid = @i AND state = 'reserved'", ("@i", iccid))
                ?? throw new RspFunctionException(Es2PlusStatusCodes.IccidUnknown, "no reserved order for " + iccid);
            if (eid is not null && o.Eid is not null && eid != o.Eid) throw new RspFunctionException(Es9StatusCodes.EidRefused, eid);
            if (await SmDpStore.GetOrderAsync(c, tx, "matching_id = @m", ("@m", matchingId)) is not null)
                throw new RspFunctionException(Es2PlusStatusCodes.MatchingIdAlreadyInUse, matchingId);
            // Only SHA-256(CC) is kept: it is all hashCc = SHA-256(SHA-256(CC) || transactionId) needs.
            string? ccHash = confirmationCode is null ? null : Convert.ToHexString(crypto.Sha256(Encoding.UTF8.GetBytes(confirmationCode), 0, Encoding.UTF8.GetByteCount(confirmationCode)));
            await Sql.ExecAsync(c, tx, """
                UPDATE smdp_orders SET eid = COALESCE(@e, eid), matching_id = @m, cc_hash = @cc, smds_address = @ds, state = @s, updated = @n WHERE id = @id
                """, ("@e", eid), ("@m", matchingId), ("@cc", ccHash), ("@ds", smdsAddress),
                ("@s", releaseFlag ? OrderStates.Released : OrderStates.Confirmed), ("@n", now), ("@id", o.Id));
            return new OrderResult(iccid, eid ?? o.Eid, matchingId, options.ServerAddress, o.Id);
        });
        if (result.Eid is not null && smdsAddress is not null) await RegisterEventAsync(result, smdsAddress);
        return result;
    }

    public Task ReleaseProfileAsync(string iccid) => Db.WriteAsync(async (c, tx) =>
    {
        if (await Sql.ExecAsync(c, tx, "UPDATE smdp_orders SET state = 'released', updated = @n WHERE iccid = @i AND state = 'confirmed'",
                ("@n", Db.NowMs), ("@i", iccid)) != 1)
            throw new RspFunctionException(Es2PlusStatusCodes.OrderStateInvalid, "no confirmed order for " + iccid);
        return 0;
    });

    /// <summary>CancelOrder: the order ends; the profile returns to the inventory unless it already left the SM-DP+.</summary>
    public async Task CancelOrderAsync(string iccid, string? finalProfileStatusIndicator)
    {
        var o = await Db.WriteAsync(async (c, tx) =>
        {
            var now = Db.NowMs;
            var o = await SmDpStore.GetOrderAsync(c, tx, "iccid = @i AND state IN ('reserved','confirmed','released') ORDER BY created DESC", ("@i", iccid))
                ?? throw new RspFunctionException(Es2PlusStatusCodes.OrderStateInvalid, "no cancellable order for " + iccid);
            await SmDpStore.SetOrderStateAsync(c, tx, now, o.Id, OrderStates.Cancelled);
            await SmDpStore.SetProfileStateAsync(c, tx, now, iccid,
                finalProfileStatusIndicator == "Unavailable" ? ProfileStates.Error : ProfileStates.Available);
            return o;
        });
        if (o.SmdsAddress is not null && o.SmdsEventId is not null) await DeleteEventAsync(o.SmdsAddress, o.SmdsEventId);
    }

    public static string NewMatchingId()
    {
        // 20 characters of [0-9A-Z], grouped like common SM-DP+ matching IDs.
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        var sb = new StringBuilder();
        for (int i = 0; i < 20; i++)
        {
            if (i > 0 && i % 5 == 0) sb.Append('-');
            sb.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
        }
        return sb.ToString();
    }

    public string ActivationCodeText(string matchingId, bool ccRequired)
        => new ActivationCode(options.ServerAddress, matchingId, null, ccRequired, null).Format(false);

    private async Task RegisterEventAsync(OrderResult r, string smdsAddress)
    {
        var body = new { header = Header(), eid = r.Eid, rspServerAddress = options.ServerAddress, eventId = r.MatchingId };
        if (await PostEs12Async(smdsAddress, "registerEvent", body))
            await Db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx, "UPDATE smdp_orders SET smds_event_id = @ev WHERE id = @id", ("@ev", r.MatchingId), ("@id", r.OrderId)));
    }

    /// <summary>ES12.DeleteEvent for an order's SM-DS event, if it has one (after installation or cancellation).</summary>
    public async Task DeleteOrderEventAsync(OrderRecord o)
    {
        if (o.SmdsAddress is null || o.SmdsEventId is null) return;
        if (await DeleteEventAsync(o.SmdsAddress, o.SmdsEventId))
            await Db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx, "UPDATE smdp_orders SET smds_event_id = NULL WHERE id = @id", ("@id", o.Id)));
    }

    private Task<bool> DeleteEventAsync(string smdsAddress, string eventId)
        => PostEs12Async(smdsAddress, "deleteEvent", new { header = Header(), eventId });

    private object Header() => new { functionRequesterIdentifier = options.ServerAddress, functionCallIdentifier = Guid.NewGuid().ToString("N") };

    private async Task<bool> PostEs12Async(string smdsAddress, string function, object body)
    {
        var url = options.Es12Scheme + "://" + smdsAddress + "/gsma/rsp2/es12/" + function;
        try
        {
            using var http = httpFactory.CreateClient("smdp-es12");
            using var req = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
            req.Headers.Add("X-Admin-Protocol", RspHttp.AnsweredAdminProtocol);
            using var resp = await http.SendAsync(req);
            var text = await resp.Content.ReadAsStringAsync();
            bool ok = resp.IsSuccessStatusCode && text.Contains("\"Executed-Success\"");
            if (!ok) log.LogWarning("ES12 {Function} at {Url}: {Status} {Body}", function, url, (int)resp.StatusCode, text);
            return ok;
        }
        catch (HttpRequestException e)
        {
            log.LogWarning("ES12 {Function} at {Url} failed: {Message}", function, url, e.Message);
            return false;
        }
    }
}
