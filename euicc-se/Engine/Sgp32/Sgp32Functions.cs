using System;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Storage;

namespace IotEsim.Euicc.Engine.Sgp32
{
    /// <summary>
    /// The SGP.32 v1.2 ES10b functions of the eUICC (eIM configuration, eIM packages, rollback,
    /// immediate enable, emergency/fallback, certificates, IoT memory reset). The SGP.22 engine
    /// routes every tag for which <see cref="Handles"/> is true to <see cref="Process"/>.
    /// </summary>
    public sealed partial class Sgp32Functions
    {
        readonly byte[] _eid;
        readonly byte[] _euiccPrivateKey;
        readonly byte[] _eumCertificate;
        readonly byte[] _euiccCertificate;
        readonly ICryptoProvider _crypto;
        readonly IStore _store;
        readonly IProfileOperations _profiles;
        readonly INotificationQueue _notifications;

        public Sgp32Functions(byte[] eid, byte[] euiccPrivateKey, byte[] eumCertificate, byte[] euiccCertificate,
            ICryptoProvider crypto, IStore store, IProfileOperations profiles, INotificationQueue notifications)
        {
            _eid = eid;
            _euiccPrivateKey = euiccPrivateKey;
            _eumCertificate = eumCertificate;
            _euiccCertificate = euiccCertificate;
            _crypto = crypto;
            _store = store;
            _profiles = profiles;
            _notifications = notifications;
        }

        /// <summary>True for the SGP.32 ES10b request tags this class answers.</summary>
        public bool Handles(int tag)
        {
            return false;
        }

        /// <summary>Answers one ES10b request (complete TLV) with the complete response TLV.</summary>
        public byte[] Process(Tlv request)
        {
            throw new NotSupportedException();
        }
    }
}
