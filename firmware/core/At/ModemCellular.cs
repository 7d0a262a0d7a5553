using System;
using IotEsim.Firmware.Runtime;

namespace IotEsim.Firmware.At
{
    /// <summary>Cellular side through the modem's AT channel (shared with the APDU transport, one command at a time):
    /// SIM refresh per modem profile (<see cref="SimRefresher"/>), registration via AT+CEREG? (27.007 10.1.22).</summary>
    public class ModemCellular : ICellular
    {
        private readonly AtChannel _at;
        private readonly ModemProfile _profile;

        public ModemCellular(AtChannel at, ModemProfile profile)
        {
            _at = at;
            _profile = profile;
        }

        public bool RefreshSim()
        {
            return new SimRefresher(_at, _profile).Refresh();
        }

        public bool IsAttached()
        {
            try
            {
                AtResponse r = _at.Send("AT+CEREG?", "+CEREG:", _profile.AtTimeoutMs, false);
                if (!r.IsOk || r.First == null) return false;
                // +CEREG: <n>,<stat>[,...]: stat 1 = home, 5 = roaming.
                string s = r.First;
                int comma = s.IndexOf(',');
                if (comma < 0) return false;
                string stat = s.Substring(comma + 1);
                int next = stat.IndexOf(',');
                if (next >= 0) stat = stat.Substring(0, next);
                stat = stat.Trim();
                return stat == "1" || stat == "5";
            }
            catch (AtTimeoutException) { return false; }
        }
    }
}
