using IotEsim.Rsp.Asn1;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IotEsim.Servers.SmDp;

/// <summary>Profile inventory helpers: reading the ICCID out of a UPP and importing UPP files.</summary>
public static class ProfileInventory
{
    /// <summary>
    /// ICCID of a UPP: the ProfileHeader PE (A0, first element) holds it in 83 with the digits in natural order and
    /// F padding (e.g. 89 49 44 .. 3F), unlike the nibble-swapped form of SGP.22 objects (see testdata/upp/README).
    /// </summary>
    public static string ReadIccid(byte[] upp)
    {
        var header = new TlvReader(upp, 0, upp.Length, false).Read();
        if (header.Tag != 0xA0) throw new DerException(DerError.InvalidValue, 0, "UPP does not start with the header PE");
        var iccid = header.Find(0x83) ?? throw new DerException(DerError.InvalidValue, header.Offset, "header PE without iccid");
        return Convert.ToHexString(iccid.Value()).TrimEnd('F');
    }

    public static async Task<string> ImportAsync(SmDpStore store, byte[] upp, string profileType, string spName, string profileName, int profileClass)
    {
        var iccid = ReadIccid(upp);
        await store.AddProfileAsync(iccid, profileType, upp, spName, profileName, profileClass);
        return iccid;
    }
}

/// <summary>Imports the configured UPP files when the host starts (after migrations: registered later).</summary>
internal sealed class ProfileInventoryStartup(SmDpOptions options, SmDpStore store, ILogger<ProfileInventoryStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await store.Db.MigrateAsync(ct);
        foreach (var imp in options.UppImports)
        {
            var stem = Path.GetFileNameWithoutExtension(imp.Path);
            var iccid = await ProfileInventory.ImportAsync(store, await File.ReadAllBytesAsync(imp.Path, ct), imp.ProfileType ?? stem,
                imp.ServiceProviderName, imp.ProfileName ?? stem, imp.ProfileClass);
            log.LogInformation("profile {Iccid} from {Path}", iccid, imp.Path);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
