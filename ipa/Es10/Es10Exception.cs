using System;
using IotEsim.Rsp.Apdu;

namespace IotEsim.Ipa.Es10
{
    /// <summary>The card refused an ES10 command at APDU level (a status word other than 9000/61xx),
    /// or answered something the IPA cannot use.</summary>
    public class Es10Exception : Exception
    {
        public int StatusWord { get; private set; }

        public Es10Exception(string message, int statusWord)
            : base(message + (statusWord != 0 ? " (SW " + IotEsim.Rsp.Apdu.StatusWord.ToHex(statusWord) + ")" : ""))
        {
            StatusWord = statusWord;
        }
    }
}
