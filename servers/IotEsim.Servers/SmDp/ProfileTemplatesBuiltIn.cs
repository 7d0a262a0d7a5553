using IotEsim.Rsp.Asn1;

namespace IotEsim.Servers.SmDp;

/// <summary>
/// A small template UPP of our own for labs without the TS.48 test profiles (a fresh clone has no ../shared):
/// header, MF with EF.ICCID, USIM ADF with EF.IMSI, one akaParameter PE (Milenage) and end, in the SIMalliance
/// eUICC Profile Package 2.1 encoding. It is a template for <see cref="ProfileTemplates"/>, carrying exactly the
/// fields it personalizes; it is not a complete TS.48 profile (a card OS would want the full USIM file set).
/// </summary>
public static class ProfileTemplatesBuiltIn
{
    // templateIDs (2.23.143.1.2.x, SAIP): MF .1, USIM .4
    private static readonly byte[] OidMf = [0x67, 0x81, 0x0F, 0x01, 0x02, 0x01];
    private static readonly byte[] OidUsim = [0x67, 0x81, 0x0F, 0x01, 0x02, 0x04];
    private static readonly byte[] UsimAid = Convert.FromHexString("A0000000871002FF49FF0589");

    public static byte[] MinimalUpp(string profileType)
    {
        var w = new TlvWriter(1024);
        // header: major 2, minor 1, profileType, iccid (natural digit order, F-padded), mandatory services {usim}, GFSTE list
        w.Begin(0xA0).Write(0x80, [2]).Write(0x81, [1]).WriteUtf8(0x82, profileType)
            .Write(0x83, ProfileTemplates.HeaderIccid("8999000000000000001"))
            .Begin(0xA5).WriteNull(0x81).End()
            .Begin(0xA6).Write(Tags.ObjectIdentifier, OidMf).Write(Tags.ObjectIdentifier, OidUsim).End()
            .End();
        // mf: header {mandated, identification 1}, templateID, MF, EF.ICCID (2FE2, transparent 10 bytes)
        w.Begin(0xB0).Begin(0xA0).WriteNull(0x80).Write(0x81, [1]).End().Write(0x81, OidMf)
            .Begin(0xA2).Begin(0xA1).Write(0x8B, [0x2F, 0x06, 0x01]).Write(0xC6, [0x01, 0x0A]).End().End()
            .Begin(0xA4).Begin(0xA1).Write(0x82, [0x41, 0x21]).Write(0x83, [0x2F, 0xE2]).Write(0x8B, [0x2F, 0x06, 0x03]).End()
                .Write(0x83, Rsp.Messages.Iccid.ToBytes("8999000000000000001")).End()
            .End();
        // usim: header {mandated, identification 2}, templateID, ADF.USIM, EF.IMSI (6F07)
        w.Begin(0xB3).Begin(0xA0).WriteNull(0x80).Write(0x81, [2]).End().Write(0x81, OidUsim)
            .Begin(0xA2).Begin(0xA1).Write(0x83, [0x7F, 0xD0]).Write(0x84, UsimAid).Write(0x8B, [0x2F, 0x06, 0x01]).Write(0xC6, [0x81, 0x01, 0x0A]).End().End()
            .Begin(0xA3).Begin(0xA1).Write(0x82, [0x41, 0x21]).Write(0x83, [0x6F, 0x07]).Write(0x8B, [0x6F, 0x06, 0x0A]).End()
                .Write(0x83, ProfileTemplates.EfImsi("001010000000001")).End()
            .End();
        // akaParameter: header {mandated, identification 3}, algoConfiguration {algoParameter {milenage, options, key, opc}}
        w.Begin(0xA4).Begin(0xA0).WriteNull(0x80).Write(0x81, [3]).End()
            .Begin(0xA1).Begin(0xA1).Write(0x80, [1]).Write(0x81, [0]).Write(0x82, new byte[16]).Write(0x83, new byte[16]).End().End()
            .End();
        // end
        w.Begin(0xAA).Begin(0xA0).WriteNull(0x80).Write(0x81, [4]).End().End();
        return w.ToArray();
    }
}
