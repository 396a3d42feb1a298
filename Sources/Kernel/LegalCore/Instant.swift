/// A point in time, in whole seconds since 1970-01-01T00:00:00Z. Rasim stores instants in UTC and decides
/// dates and working hours in the subject's local zone (see `WorkCalendar.ZoneTable`).
public struct Instant: Hashable, Comparable, Sendable {
    public let secondsSinceEpoch: Int64
    public init(secondsSinceEpoch: Int64) { self.secondsSinceEpoch = secondsSinceEpoch }
    public static func < (a: Instant, b: Instant) -> Bool { a.secondsSinceEpoch < b.secondsSinceEpoch }
    /// Saturating: an instant past the ends of Int64 stays at the end (far beyond any calendar).
    public func adding(seconds: Int64) -> Instant {
        let (sum, overflow) = secondsSinceEpoch.addingReportingOverflow(seconds)
        return Instant(secondsSinceEpoch: overflow ? (seconds > 0 ? .max : .min) : sum)
    }

    /// Parses ISO 8601 `YYYY-MM-DDTHH:MM[:SS[.fff]]` followed by `Z` or `±HH:MM`. An instant without an
    /// offset is refused (docs/reference/README.md: "An instant without an offset is an input error").
    public init?(iso text: String) {
        var text = text
        guard let v = text.withUTF8({ Instant.parse($0) }) else { return nil }
        self = v
    }

    /// The same parser over raw bytes (for CSV scanning without building strings).
    @inlinable public static func parse(_ u: UnsafeBufferPointer<UInt8>) -> Instant? {
        @inline(__always) func num(_ i: Int, _ n: Int) -> Int? {
            guard i + n <= u.count else { return nil }
            var v = 0
            for k in i..<(i + n) { let c = u[k]; guard c >= 48, c <= 57 else { return nil }; v = v * 10 + Int(c - 48) }
            return v
        }
        guard u.count >= 17, u[4] == 45, u[7] == 45, u[10] == 84 || u[10] == 32 || u[10] == 116,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2),
              let date = LocalDate(year: y, month: mo, day: d) else { return nil }
        guard let hh = num(11, 2), u[13] == 58, let mm = num(14, 2), hh < 24, mm < 60 else { return nil }
        var i = 16, ss = 0
        if i < u.count, u[i] == 58 {
            guard let s = num(i + 1, 2), s < 60 else { return nil }
            ss = s; i += 3
            if i < u.count, u[i] == 46 || u[i] == 44 {
                i += 1
                let start = i
                while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
                guard i > start else { return nil }
            }
        }
        guard i < u.count else { return nil } // no offset
        var offset = 0
        if u[i] == 90 || u[i] == 122 { // Z z
            guard i + 1 == u.count else { return nil }
        } else {
            guard u[i] == 43 || u[i] == 45, i + 6 == u.count, let oh = num(i + 1, 2), u[i + 3] == 58, let om = num(i + 4, 2),
                  oh <= 14, om < 60 else { return nil }
            offset = (oh * 3600 + om * 60) * (u[i] == 45 ? -1 : 1)
        }
        let local = Int64(date.dayNumber) * 86_400 + Int64(hh * 3600 + mm * 60 + ss)
        return Instant(secondsSinceEpoch: local - Int64(offset))
    }

    /// The date at the given offset from UTC (no zone table: for a zone's own dates, `ZoneTable`).
    public func localDate(offsetSeconds: Int) -> LocalDate {
        let local = adding(seconds: Int64(offsetSeconds)).secondsSinceEpoch
        return LocalDate(dayNumber: Int32(clamping: (local - ((local % 86_400) + 86_400) % 86_400) / 86_400))
    }

    /// `YYYY-MM-DDTHH:MM:SS±HH:MM` at the given offset from UTC.
    public func iso(offsetSeconds: Int) -> String {
        let local = adding(seconds: Int64(offsetSeconds)).secondsSinceEpoch
        let day = localDate(offsetSeconds: offsetSeconds)
        let sod = Int(((local % 86_400) + 86_400) % 86_400)
        func p2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let sign = offsetSeconds < 0 ? "-" : "+", a = abs(offsetSeconds)
        let off = offsetSeconds == 0 ? "Z" : "\(sign)\(p2(a / 3600)):\(p2(a % 3600 / 60))"
        return "\(day)T\(p2(sod / 3600)):\(p2(sod % 3600 / 60)):\(p2(sod % 60))\(off)"
    }
}

/// A local wall-clock time of day, minutes since midnight (used for office schedules).
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let minutes: Int
    public init?(hour: Int, minute: Int) {
        guard (0...24).contains(hour), (0..<60).contains(minute), hour * 60 + minute <= 24 * 60 else { return nil }
        minutes = hour * 60 + minute
    }
    /// Parses `HH:MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              (parts[0] + parts[1]).allSatisfy({ $0.isASCII && $0.isNumber }),
              let h = Int(parts[0]), let m = Int(parts[1]), let t = TimeOfDay(hour: h, minute: m) else { return nil }
        self = t
    }
    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minutes < b.minutes }
    public var description: String {
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0\(h)" : "\(h)") + ":" + (m < 10 ? "0\(m)" : "\(m)")
    }
}
