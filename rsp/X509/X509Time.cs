using System;
using IotEsim.Rsp.Asn1;

namespace IotEsim.Rsp.X509
{
    /// <summary>
    /// X.509 Time (RFC 5280 4.1.2.5) to .NET ticks (100 ns since 0001-01-01 UTC), computed here
    /// rather than through DateTime because nanoFramework's DateTime has a narrower range than the
    /// desktop's, and SGP.26 eUICC certificates expire in year 7496.
    /// </summary>
    public static class X509Time
    {
        public const long TicksPerSecond = 10000000L;
        public const long TicksPerDay = 864000000000L;

        /// <summary>Ticks of a UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) TLV.</summary>
        public static long Parse(Tlv t)
        {
            string s;
            if (t.Tag != Tags.UtcTime && t.Tag != Tags.GeneralizedTime)
                throw new DerException(DerError.UnexpectedTag, t.Offset, "Time must be UTCTime or GeneralizedTime");
            for (int i = 0; i < t.Length; i++)
            {
                byte b = t.Buffer[t.ValueOffset + i];
                if (b < 0x20 || b > 0x7E) throw new DerException(DerError.InvalidValue, t.ValueOffset + i, "non-ASCII in Time");
            }
            s = t.AsUtf8();
            int year, p;
            if (t.Tag == Tags.UtcTime)
            {
                if (s.Length != 13) throw new DerException(DerError.InvalidValue, t.ValueOffset, "UTCTime must be YYMMDDHHMMSSZ");
                int yy = Digits(s, 0, 2, t);
                // RFC 5280: YY >= 50 means 19YY, else 20YY.
                year = yy >= 50 ? 1900 + yy : 2000 + yy;
                p = 2;
            }
            else
            {
                if (s.Length != 15) throw new DerException(DerError.InvalidValue, t.ValueOffset, "GeneralizedTime must be YYYYMMDDHHMMSSZ");
                year = Digits(s, 0, 4, t);
                p = 4;
            }
            if (s[s.Length - 1] != 'Z') throw new DerException(DerError.InvalidValue, t.ValueOffset, "Time must end in Z");
            int month = Digits(s, p, 2, t), day = Digits(s, p + 2, 2, t);
            int hour = Digits(s, p + 4, 2, t), minute = Digits(s, p + 6, 2, t), second = Digits(s, p + 8, 2, t);
            if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
                throw new DerException(DerError.InvalidValue, t.ValueOffset, "Time out of range");
            return ToTicks(year, month, day, hour, minute, second);
        }

        /// <summary>Ticks of a UTC calendar time (proleptic Gregorian, same epoch as DateTime.Ticks).</summary>
        public static long ToTicks(int year, int month, int day, int hour, int minute, int second)
        {
            long y = year - 1;
            long days = y * 365 + y / 4 - y / 100 + y / 400;
            for (int m = 1; m < month; m++) days += DaysInMonth(year, m);
            days += day - 1;
            return days * TicksPerDay + ((long)hour * 3600 + minute * 60 + second) * TicksPerSecond;
        }

        /// <summary>Year of a ticks value (for choosing UTCTime vs GeneralizedTime when encoding).</summary>
        public static int Year(long ticks)
        {
            long days = ticks / TicksPerDay;
            int year = (int)(days / 366) + 1;
            while (ToTicks(year + 1, 1, 1, 0, 0, 0) <= ticks) year++;
            return year;
        }

        private static bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

        private static int DaysInMonth(int y, int m)
        {
            switch (m)
            {
                case 2: return IsLeap(y) ? 29 : 28;
                case 4: case 6: case 9: case 11: return 30;
                default: return 31;
            }
        }

        private static int Digits(string s, int off, int n, Tlv t)
        {
            int v = 0;
            for (int i = 0; i < n; i++)
            {
                char c = s[off + i];
                if (c < '0' || c > '9') throw new DerException(DerError.InvalidValue, t.ValueOffset + off + i, "digit expected in Time");
                v = v * 10 + (c - '0');
            }
            return v;
        }
    }
}
