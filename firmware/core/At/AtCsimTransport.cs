using System;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Firmware.At
{
    /// <summary>
    /// Raw APDU transport over AT+CSIM=&lt;len&gt;,"&lt;hex&gt;" (3GPP TS 27.007 8.17): the modem passes the APDU
    /// to the card unchanged, so logical channels are opened by <see cref="RawApduTransport"/> with
    /// MANAGE CHANNEL and the channel travels in the CLA byte.
    /// </summary>
    public class AtCsimTransport : RawApduTransport
    {
        private readonly AtChannel _at;
        private readonly ModemProfile _profile;

        public AtCsimTransport(AtChannel at, ModemProfile profile)
        {
            _at = at;
            _profile = profile;
        }

        public ModemProfile Profile
        {
            get { return _profile; }
        }

        public override void Connect()
        {
            AtApdu.Initialise(_at, _profile);
        }

        public override void Disconnect()
        {
        }

        public override byte[] Transmit(byte[] command)
        {
            return AtApdu.Csim(_at, _profile, command);
        }
    }
}
