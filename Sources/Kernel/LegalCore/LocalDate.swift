/// A calendar date with no time and no zone — the unit in which the law counts days.
///
/// Stored as the number of days since 1970-01-01 (proleptic Gregorian), so that date arithmetic
/// and table look-ups are plain integer operations. Conversions use Howard Hinnant's
/// `days_from_civil` / `civil_from_days` algorithms (public domain, exact for all Int32 days).
public struct LocalDate: Hashable, Comparable, Sendable {
    public let dayNumber: Int32

    @inlinable public init(dayNumber: Int32) { self.dayNumber = dayNumber }

    /// Fails (returns nil) for an impossible date such as 30 February.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...LocalDate.daysInMonth(year: year, month: month)).contains(day) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.dayNumber = Int32(era * 146_097 + doe - 719_468)
    }

    public var components: (year: Int, month: Int, day: Int) {
        let z = Int(dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
    public var year: Int { components.year }
    public var month: Int { components.month }
    public var day: Int { components.day }

    /// ISO weekday: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday).
    @inlinable public var isoWeekday: Int {
        let w = (Int(dayNumber) + 3) % 7
        return (w < 0 ? w + 7 : w) + 1
    }
    @inlinable public var isWeekend: Bool { isoWeekday >= 6 }

    /// 0001-01-01 and 9999-12-31: the dates that can be written as `YYYY-MM-DD`.
    public static let minimum = LocalDate(dayNumber: -719_162)
    public static let maximum = LocalDate(dayNumber: 2_932_896)

    /// `days` later (earlier when negative). Total: a result beyond 9999-12-31 (or before 0001-01-01) is that
    /// end date, which no calendar covers, so every term counted to it is `calendar_not_covered`, never a trap.
    @inlinable public func adding(days: Int) -> LocalDate {
        let (sum, overflow) = Int(dayNumber).addingReportingOverflow(days)
        if overflow { return days > 0 ? .maximum : .minimum }
        return LocalDate(dayNumber: Int32(clamping: min(max(sum, Int(LocalDate.minimum.dayNumber)), Int(LocalDate.maximum.dayNumber))))
    }
    @inlinable public func days(until other: LocalDate) -> Int { Int(other.dayNumber) - Int(dayNumber) }

    public static func < (a: LocalDate, b: LocalDate) -> Bool { a.dayNumber < b.dayNumber }

    public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
    public static func lastDayOfMonth(year: Int, month: Int) -> LocalDate {
        LocalDate(year: year, month: month, day: daysInMonth(year: year, month: month))!
    }
}

extension LocalDate: LosslessStringConvertible, CustomStringConvertible {
    /// Parses exactly `YYYY-MM-DD` (ISO 8601 calendar date, four-digit year). Anything else is nil.
    public init?(_ text: String) {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                let c = u[i]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10),
              let date = LocalDate(year: y, month: m, day: d) else { return nil }
        self = date
    }

    public var description: String {
        let (y, m, d) = components
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }
}

extension LocalDate: Codable {
    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = LocalDate(s) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected a date YYYY-MM-DD, got \"\(s)\"")
        }
        self = d
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
