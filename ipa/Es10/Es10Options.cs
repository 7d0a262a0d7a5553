using System;
using IotEsim.Rsp.Util;

namespace IotEsim.Ipa.Es10
{
    /// <summary>How the IPA talks to the ISD-R. Defaults suit standard eUICCs; the knobs cover the card
    /// quirks lpac users meet in the field.</summary>
    public sealed class Es10Options
    {
        /// <summary>ISD-R AIDs tried in order: the GSMA one first, then vendor variants seen on
        /// removable eUICCs. The first one the card selects wins.</summary>
        public byte[][] IsdrAids = new byte[][]
        {
            Hex.Decode("A0000005591010FFFFFFFF8900000100"),
            Hex.Decode("A0000005591010FFFFFFFF8900050500"),
            Hex.Decode("A0000005591010000000008900000300"),
        };

        /// <summary>STORE DATA block size (1..255). onomondo-ipa uses 255, lpac 120; some cards only take 120.</summary>
        public int SegmentSize = 255;

        /// <summary>Block size used after the card rejected a full-size block with 6700.</summary>
        public int FallbackSegmentSize = 120;

        /// <summary>CLA used for GET RESPONSE: 0x00 (ISO interindustry, onomondo-ipa) or 0x80 (lpac).</summary>
        public byte GetResponseClass = 0x00;

        /// <summary>Append Le = 00 to STORE DATA (case 4). Most cards want case 3; a few answer only with Le present.</summary>
        public bool StoreDataWithLe = false;

        /// <summary>Send TERMINAL CAPABILITY announcing an IPAd (SGP.32) before opening the channel.</summary>
        public bool SendTerminalCapability = true;

        /// <summary>Use a logical channel (MANAGE CHANNEL); false selects the ISD-R on the basic channel.</summary>
        public bool UseLogicalChannel = true;

        /// <summary>Upper bound on a reassembled response, against a card that never stops answering 61xx.</summary>
        public int MaxResponseLength = 65536;
    }
}
