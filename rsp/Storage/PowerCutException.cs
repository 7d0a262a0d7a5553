using System;

namespace IotEsim.Rsp.Storage
{
    /// <summary>Thrown by <see cref="FaultInjectingStore"/> where a real device would have lost power.</summary>
    public class PowerCutException : Exception
    {
        public PowerCutException(string message) : base(message) { }
    }
}
