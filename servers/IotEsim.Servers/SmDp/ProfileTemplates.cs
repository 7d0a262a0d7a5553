using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Servers.SmDp;

/// <summary>
/// A profile type whose profiles the SM-DP+ generates per order from a template UPP (instead of handing out
/// imported ones): every ES2+ DownloadOrder for <see cref="ProfileType"/> gets a fresh ICCID, IMSI, Ki and OPc.
/// </summary>
public sealed class ProfileTemplate
{
    public required string ProfileType { get; init; }
    /// <summary>Template UPP file (DER SEQUENCE OF ProfileElement, e.g. a TS.48 test profile); or <see cref="Upp"/>.</summary>
    public string? UppPath { get; init; }
    public byte[]? Upp { get; init; }
    /// <summary>ICCID digits before the serial number (starts with 89, the telecom MII); 18 digits minus this are the serial.</summary>
    public string IccidPrefix { get; init; } = "8999001";
    /// <summary>First serial number handed out; the SM-DP+ takes the next unused one per order.</summary>
    public long FirstSerial { get; init; } = 1;
    /// <summary>MCC+MNC of the IMSIs (5 or 6 digits; 00101 is the ITU test network).</summary>
    public string ImsiPlmn { get; init; } = "00101";
    /// <summary>Operator variant algorithm configuration field OP (16 bytes); OPc = AES-128(Ki, OP) ⊕ OP (TS 35.206).
    /// Null: a random OP per template instance.</summary>
    public byte[]? Op { get; init; }
    public string ServiceProviderName { get; init; } = "IotEsim";
    public string? ProfileName { get; init; }
    /// <summary>0 test, 1 provisioning, 2 operational.</summary>
    public int ProfileClass { get; init; } = 2;

    private byte[]? _op;
    internal byte[] EffectiveOp => Op ?? (_op ??= RandomNumberGenerator.GetBytes(16));

    public byte[] LoadUpp() => Upp ?? File.ReadAllBytes(UppPath ?? throw new InvalidOperationException("template " + ProfileType + " has neither Upp nor UppPath"));
}

/// <summary>The identities one generated profile carries.</summary>
public sealed record GeneratedProfile(string Iccid, string Imsi, byte[] Ki, byte[] Opc, byte[] Upp);

/// <summary>
/// Makes a UPP from a template with new identities, editing the DER tree (lengths recomputed on the way up) rather
/// than replacing byte patterns: ProfileHeader iccid (A0/83, digits in natural order, F-padded, see testdata/upp
/// README), EF.ICCID fill content in the MF PE (B0/A4 ef-iccid/83, nibble-swapped BCD), EF.IMSI in the USIM PE
/// (B3/A3 ef-imsi/83, TS 31.102 4.2.2: length byte, then parity/type nibble and swapped digits), and key/opc of every
/// akaParameter PE (A4/A1 algoConfiguration/A1 algoParameter/82 key, 83 opc; SIMalliance eUICC Profile Package 2.x).
/// </summary>
public static class ProfileTemplates
{
    /// <summary>ICCID = prefix + zero-padded serial to 18 digits + Luhn check digit (ITU-T E.118: 19 digits).</summary>
    public static string MakeIccid(string prefix, long serial)
    {
        if (prefix.Length is < 2 or > 17 || !prefix.All(char.IsAsciiDigit)) throw new ArgumentException("ICCID prefix must be 2-17 digits", nameof(prefix));
        var body = prefix + serial.ToString(CultureInfo.InvariantCulture).PadLeft(18 - prefix.Length, '0');
        if (body.Length != 18) throw new ArgumentOutOfRangeException(nameof(serial), "serial " + serial + " does not fit after prefix " + prefix);
        return body + LuhnDigit(body);
    }

    /// <summary>Luhn check digit of a digit string (the digit to append).</summary>
    public static char LuhnDigit(string digits)
    {
        int sum = 0;
        bool dbl = true; // the rightmost digit of the body is doubled once the check digit is appended
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int d = digits[i] - '0';
            if (dbl) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
            dbl = !dbl;
        }
        return (char)('0' + (10 - sum % 10) % 10);
    }

    public static bool LuhnValid(string number)
        => number.Length >= 2 && number.All(char.IsAsciiDigit) && LuhnDigit(number[..^1]) == number[^1];

    /// <summary>IMSI = PLMN + MSIN (serial, zero-padded) to 15 digits.</summary>
    public static string MakeImsi(string plmn, long serial)
    {
        var msin = serial.ToString(CultureInfo.InvariantCulture).PadLeft(15 - plmn.Length, '0');
        if (plmn.Length is not (5 or 6) || msin.Length != 15 - plmn.Length) throw new ArgumentException("IMSI does not fit: " + plmn + "/" + serial);
        return plmn + msin;
    }

    /// <summary>OPc = AES-128_K(OP) ⊕ OP (3GPP TS 35.206 §4.1).</summary>
    public static byte[] DeriveOpc(byte[] ki, byte[] op)
    {
        using var aes = Aes.Create();
        aes.Key = ki;
        var e = aes.EncryptEcb(op, PaddingMode.None);
        for (int i = 0; i < e.Length; i++) e[i] ^= op[i];
        return e;
    }

    /// <summary>Generates the UPP of one order from the template.</summary>
    public static GeneratedProfile Generate(ProfileTemplate template, byte[] templateUpp, long serial)
    {
        var iccid = MakeIccid(template.IccidPrefix, serial);
        var imsi = MakeImsi(template.ImsiPlmn, serial);
        var ki = RandomNumberGenerator.GetBytes(16);
        var opc = DeriveOpc(ki, template.EffectiveOp);
        return new GeneratedProfile(iccid, imsi, ki, opc, Personalize(templateUpp, iccid, imsi, ki, opc));
    }

    /// <summary>
    /// Rewrites the template's identity fields. Fails (InvalidDataException) when the template lacks the header ICCID,
    /// EF.ICCID, EF.IMSI content or an akaParameter PE, or a field has a size other than the template's (a 16-byte Ki
    /// replacing a 16-byte Ki: the profile's algorithm configuration stays valid).
    /// </summary>
    public static byte[] Personalize(byte[] templateUpp, string iccid, string imsi, byte[] ki, byte[] opc)
    {
        var hits = new Dictionary<string, int>();
        byte[]? Replace(int[] path, Tlv leaf)
        {
            byte[]? v = null;
            string? what = null;
            if (Is(path, 0xA0, 0x83)) { v = HeaderIccid(iccid); what = "header iccid"; }
            else if (Is(path, 0xB0, 0xA4, 0x83)) { v = Rsp.Messages.Iccid.ToBytes(iccid); what = "EF.ICCID"; }
            else if (Is(path, 0xB3, 0xA3, 0x83)) { v = EfImsi(imsi); what = "EF.IMSI"; }
            else if (Is(path, 0xA4, 0xA1, 0xA1, 0x82)) { v = ki; what = "akaParameter key"; }
            else if (Is(path, 0xA4, 0xA1, 0xA1, 0x83)) { v = opc; what = "akaParameter opc"; }
            if (v is null) return null;
            if (v.Length != leaf.Length)
                throw new InvalidDataException(what + " in the template has " + leaf.Length + " bytes, the new value " + v.Length);
            hits[what!] = hits.GetValueOrDefault(what!) + 1;
            return v;
        }
        var w = new MemoryStream(templateUpp.Length);
        Rewrite(templateUpp, 0, templateUpp.Length, new List<int>(), Replace, w);
        foreach (var need in new[] { "header iccid", "EF.ICCID", "EF.IMSI", "akaParameter key", "akaParameter opc" })
            if (!hits.ContainsKey(need)) throw new InvalidDataException("template UPP has no " + need);
        return w.ToArray();
    }

    private static bool Is(int[] path, params int[] tags) => path.AsSpan().SequenceEqual(tags);

    /// <summary>Re-encodes every TLV in [offset, offset+count): constructed ones from their rewritten children (so
    /// lengths follow any change), primitive ones as they are unless <paramref name="replace"/> gives a new value.</summary>
    private static void Rewrite(byte[] buf, int offset, int count, List<int> path, Func<int[], Tlv, byte[]?> replace, Stream output)
    {
        var r = new TlvReader(buf, offset, count, false);
        while (r.HasMore)
        {
            var t = r.Read();
            path.Add(t.Tag);
            if (t.IsConstructed)
            {
                var inner = new MemoryStream(t.Length);
                Rewrite(buf, t.ValueOffset, t.Length, path, replace, inner);
                var value = inner.ToArray();
                output.Write(Der.Header(t.Tag, value.Length));
                output.Write(value);
            }
            else
            {
                var nv = replace(path.ToArray(), t);
                if (nv is null) output.Write(buf, t.Offset, t.TotalLength);
                else { output.Write(Der.Header(t.Tag, nv.Length)); output.Write(nv); }
            }
            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>ProfileHeader iccid: 10 bytes, digits in natural order, F-padded.</summary>
    public static byte[] HeaderIccid(string iccid)
    {
        var hex = iccid.PadRight(20, 'F');
        return Convert.FromHexString(hex);
    }

    /// <summary>EF.IMSI content (TS 31.102 §4.2.2): length of the IMSI bytes, then digit 1 with the parity/type
    /// nibble (1001b for an odd digit count, 0001b even), then the remaining digits nibble-swapped, F-padded.</summary>
    public static byte[] EfImsi(string imsi)
    {
        if (imsi.Length is < 6 or > 15 || !imsi.All(char.IsAsciiDigit)) throw new ArgumentException("IMSI is 6-15 digits", nameof(imsi));
        var nibbles = new List<int> { imsi.Length % 2 == 1 ? 0x9 : 0x1 };
        foreach (var c in imsi) nibbles.Add(c - '0');
        if (nibbles.Count % 2 == 1) nibbles.Add(0xF);
        var r = new byte[9];
        r[0] = (byte)(nibbles.Count / 2);
        for (int i = 0; i < nibbles.Count / 2; i++) r[1 + i] = (byte)(nibbles[2 * i] | (nibbles[2 * i + 1] << 4));
        for (int i = 1 + nibbles.Count / 2; i < 9; i++) r[i] = 0xFF;
        return r;
    }

    /// <summary>IMSI digits back from EF.IMSI content.</summary>
    public static string ImsiFromEf(byte[] ef)
    {
        var sb = new StringBuilder();
        for (int i = 1; i <= ef[0] && i < ef.Length; i++)
        {
            int lo = ef[i] & 0xF, hi = ef[i] >> 4;
            if (i > 1) sb.Append((char)('0' + lo));
            if (hi != 0xF) sb.Append((char)('0' + hi));
        }
        return sb.ToString();
    }
}
