using System.Security.Cryptography;
using System.Text;

namespace IotEsim.Servers.Storage;

public sealed record ApiKeyInfo(string Id, string Name, string Prefix, DateTimeOffset Created, DateTimeOffset? Revoked);

/// <summary>
/// API keys: the plaintext is shown once; the database keeps its SHA-256 and a short prefix used to
/// find the row. A key is "iek_" followed by 32 random bytes in base64url.
/// </summary>
public sealed class ApiKeyStore(IServerDatabase db)
{
    public const string KeyPrefix = "iek_";
    private const int LookupLength = 12;

    public async Task<(ApiKeyInfo Info, string Key)> CreateAsync(string name, CancellationToken ct = default)
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var info = new ApiKeyInfo("key_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)), name,
            key[..LookupLength], DateTimeOffset.FromUnixTimeMilliseconds(db.NowMs), null);
        await db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "INSERT INTO api_keys (id, name, prefix, hash, created, revoked) VALUES (@id, @n, @p, @h, @t, NULL)",
            ("@id", info.Id), ("@n", name), ("@p", info.Prefix), ("@h", Hash(key)), ("@t", info.Created.ToUnixTimeMilliseconds())), ct);
        return (info, key);
    }

    /// <summary>The key's record when <paramref name="presented"/> is a known, unrevoked key; else null.</summary>
    public async Task<ApiKeyInfo?> VerifyAsync(string? presented, CancellationToken ct = default)
    {
        if (presented is null || presented.Length < LookupLength + 8 || presented.Length > 200 || !presented.StartsWith(KeyPrefix, StringComparison.Ordinal))
            return null;
        await using var c = await db.OpenAsync(ct);
        var rows = await Sql.QueryAsync(c, null,
            "SELECT id, name, prefix, hash, created, revoked FROM api_keys WHERE prefix = @p",
            r => (Info: new ApiKeyInfo(r.GetString(0), r.GetString(1), r.GetString(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(Sql.L(r, 4)), Sql.Time(Sql.NL(r, 5))), Hash: r.GetString(3)),
            ("@p", presented[..LookupLength]));
        if (rows.Count != 1) return null;
        var expected = Convert.FromHexString(rows[0].Hash);
        var actual = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        if (!CryptographicOperations.FixedTimeEquals(expected, actual)) return null;
        return rows[0].Info.Revoked is null ? rows[0].Info : null;
    }

    public async Task<bool> RevokeAsync(string id, CancellationToken ct = default)
        => await db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "UPDATE api_keys SET revoked = @t WHERE id = @id AND revoked IS NULL", ("@t", db.NowMs), ("@id", id)), ct) == 1;

    public async Task<List<ApiKeyInfo>> ListAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await Sql.QueryAsync(c, null, "SELECT id, name, prefix, created, revoked FROM api_keys ORDER BY created, id",
            r => new ApiKeyInfo(r.GetString(0), r.GetString(1), r.GetString(2),
                DateTimeOffset.FromUnixTimeMilliseconds(Sql.L(r, 3)), Sql.Time(Sql.NL(r, 4))));
    }

    /// <summary>
    /// Creates the bootstrap admin key the first time any instance starts on this database; returns its
    /// plaintext, or null when it already existed. The server_meta row decides the race between instances.
    /// </summary>
    public async Task<string?> EnsureBootstrapKeyAsync(CancellationToken ct = default)
    {
        int won = await db.WriteAsync((c, tx) => Sql.ExecAsync(c, tx,
            "INSERT INTO server_meta (key, value) VALUES ('bootstrap_key', @t) ON CONFLICT (key) DO NOTHING", ("@t", db.NowMs.ToString())), ct);
        if (won != 1) return null;
        return (await CreateAsync("bootstrap-admin", ct)).Key;
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
