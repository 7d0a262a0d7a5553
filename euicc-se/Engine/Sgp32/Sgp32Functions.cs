using System;
using IotEsim.Euicc.Card;
using IotEsim.Rsp.Asn1;
using IotEsim.Rsp.Crypto;
using IotEsim.Rsp.Messages;
using IotEsim.Rsp.Messages.Sgp32;
using IotEsim.Rsp.Storage;

namespace IotEsim.Euicc.Engine.Sgp32
{
    /// <summary>
    /// The SGP.32 v1.2 ES10b functions of the eUICC (eIM configuration, eIM packages, rollback,
    /// immediate enable, emergency/fallback, certificates, IoT memory reset). The SGP.22 engine
    /// routes every tag for which <see cref="Handles"/> is true to <see cref="Process"/>.
    ///
    /// Persistent state lives under "sgp32/" in the store, one small record per concern, so every
    /// change is a single atomic <see cref="IStore.Write"/>:
    /// "sgp32/eim-config" (all eIM configurations with their counters and tokens),
    /// "sgp32/immediate-enable", "sgp32/default-dp", "sgp32/rollback", "sgp32/fallback",
    /// "sgp32/last-installed". State is re-read from the store at the start of every request so an
    /// instance never acts on values a failed (power-cut) write did not persist.
    /// </summary>
    public sealed partial class Sgp32Functions
    {
        /// <summary>Kind passed to <see cref="INotificationQueue.Add"/> for an EuiccPackageResult
        /// (the engine's state store numbers SGP.32 results 2, after the two SGP.22 notification kinds).</summary>
        public const int NotificationKindEuiccPackageResult = 2;

        internal const string KeyPrefix = "sgp32/";

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
            if (eid == null || eid.Length != 16) throw new ArgumentException("EID must be 16 bytes");
            if (crypto == null || store == null || profiles == null || notifications == null) throw new ArgumentNullException();
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
            switch (tag)
            {
                case RspTags.EuiccPackage:
                case RspTags.GetEimConfigurationData:
                case RspTags.GetCerts:
                case RspTags.AddInitialEim:
                case RspTags.ProfileRollback:
                case RspTags.ConfigureImmediateProfileEnabling:
                case RspTags.ImmediateEnable:
                case RspTags.EnableEmergencyProfile:
                case RspTags.DisableEmergencyProfile:
                case RspTags.ExecuteFallbackMechanism:
                case RspTags.ReturnFromFallback:
                case RspTags.GetConnectivityParameters:
                case RspTags.IpaeActivation:
                case RspTags.Sgp32EuiccMemoryReset:
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>
        /// Answers one ES10b request (complete TLV) with the complete response TLV. A request that is not
        /// even well-formed enough to carry a function-level error is refused with
        /// <see cref="Es10StatusException"/> 6A80 (incorrect data), like the SGP.22 functions.
        /// </summary>
        public byte[] Process(Tlv request)
        {
            if (request == null) throw new ArgumentNullException("request");
            byte[] data = request.Encoded();
            Tlv t;
            try { t = Sgp32Der.Parse(data, 0); }
            catch (DerException e) { throw BadRequest(e.Message); }
            try
            {
                switch (t.Tag)
                {
                    case RspTags.EuiccPackage: return LoadEuiccPackage(t);
                    case RspTags.GetEimConfigurationData: return GetEimConfigurationData(data);
                    case RspTags.GetCerts: return GetCertsFunction(data);
                    case RspTags.AddInitialEim: return AddInitialEim(data);
                    case RspTags.ProfileRollback: return ProfileRollback(data);
                    case RspTags.ConfigureImmediateProfileEnabling: return ConfigureImmediateProfileEnabling(data);
                    case RspTags.ImmediateEnable: return ImmediateEnableFunction(data);
                    case RspTags.EnableEmergencyProfile: return EnableEmergencyProfile(data);
                    case RspTags.DisableEmergencyProfile: return DisableEmergencyProfile(data);
                    case RspTags.ExecuteFallbackMechanism: return ExecuteFallbackMechanism(data);
                    case RspTags.ReturnFromFallback: return ReturnFromFallback(data);
                    case RspTags.GetConnectivityParameters: return GetConnectivityParameters(data);
                    case RspTags.IpaeActivation: return IpaeActivationFunction(data);
                    case RspTags.Sgp32EuiccMemoryReset: return EuiccMemoryResetFunction(data);
                    default: throw new Es10StatusException(0x6A88, "not an SGP.32 ES10b function: " + Tags.Name(t.Tag));
                }
            }
            catch (DerException e)
            {
                // Functions catch the malformed parts they can answer themselves; anything left is a
                // request the spec gives no error code for.
                throw BadRequest(e.Message);
            }
        }

        static Es10StatusException BadRequest(string why)
        {
            return new Es10StatusException(0x6A80, "malformed SGP.32 request: " + why);
        }

        /// <summary>Reads a refreshFlag request (<c>TAG {80 01 xx}</c>): with the flag the eUICC owes the
        /// terminal a REFRESH; without it a proactive session in progress answers catBusy (see ProfileManager).</summary>
        static bool RefreshFlag(byte[] data, int tag)
        {
            return RefreshFlagRequest.Decode(data, tag).RefreshFlag;
        }

        static byte[] Result(int tag, int result)
        {
            return new ResultResponse(tag, result).Encode();
        }
    }
}
