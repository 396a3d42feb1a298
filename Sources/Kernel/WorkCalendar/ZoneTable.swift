import LegalCore

/// Local dates and times from instants, for Kazakhstan's IANA zones, from the calendar data (so the answer
/// does not depend on the host's time-zone database). Kazakhstan has kept no daylight saving time since
/// 2005; its zones changed offset only by decree (Asia/Qyzylorda on 21 Dec 2018, Asia/Almaty and
/// Asia/Qostanay on 1 Mar 2024 — the single zone UTC+5).
public struct ZoneTable: Sendable {
    /// The capital's zone: national dates (the day an act enters into force, the day of a report) are read in it.
    public static let capital = "Asia/Almaty"

    struct Zone: Sendable {
        /// (UTC instant from which the offset applies, offset in seconds), ascending.
        var transitions: [(since: Int64, offset: Int)]
        var source: String
    }
    let zones: [String: Zone]
    let firstYear: Int, lastYear: Int

    public struct LocalTime: Hashable, Sendable {
        public var date: LocalDate
        /// Minutes since local midnight.
        public var minutes: Int
        public var offsetSeconds: Int
    }

    init(_ data: [CalendarData.Zone], sources: [String: String], firstYear: Int, lastYear: Int) throws(CalendarError) {
        var zones: [String: Zone] = [:]
        for z in data {
            var ts: [(Int64, Int)] = []
            for o in z.offsets {
                guard let since = Instant(iso: o.since) else { throw .invalidData("time zone \(z.id): bad instant \"\(o.since)\"") }
                guard let off = ZoneTable.parseOffset(o.offset) else { throw .invalidData("time zone \(z.id): bad offset \"\(o.offset)\"") }
                ts.append((since.secondsSinceEpoch, off))
            }
            guard !ts.isEmpty, zip(ts, ts.dropFirst()).allSatisfy({ $0.0 < $1.0 }) else {
                throw .invalidData("time zone \(z.id): offsets must be given in time order")
            }
            zones[z.id] = Zone(transitions: ts, source: sources[z.source] ?? z.source)
        }
        self.zones = zones
        self.firstYear = firstYear; self.lastYear = lastYear
    }

    static func parseOffset(_ s: String) -> Int? {
        let u = Array(s.utf8)
        guard u.count == 6, u[0] == UInt8(ascii: "+") || u[0] == UInt8(ascii: "-"), u[3] == UInt8(ascii: ":"),
              let h = Int(String(decoding: u[1..<3], as: UTF8.self)), let m = Int(String(decoding: u[4..<6], as: UTF8.self)),
              h <= 14, m < 60 else { return nil }
        return (h * 3600 + m * 60) * (u[0] == UInt8(ascii: "-") ? -1 : 1)
    }

    public var identifiers: [String] { zones.keys.sorted() }

    /// A zone looked up once, for hot loops (`rasim scan`): local times without a dictionary look-up.
    public struct Resolved: Sendable {
        public let id: String
        @usableFromInline let since: [Int64]
        @usableFromInline let offsets: [Int]

        /// The offset in force at an instant (the first entry's before it).
        @inlinable public func offset(_ seconds: Int64) -> Int {
            var off = offsets[0]
            var i = 1
            while i < since.count, since[i] <= seconds { off = offsets[i]; i += 1 }
            return off
        }

        /// The instant of a local wall time, `second` seconds into `day`: the offset in force at that moment (Kazakhstan's
        /// zones change offset at midnight, never within a day).
        @inlinable public func instant(_ day: LocalDate, second: Int) -> Instant {
            let local = Int64(day.dayNumber) * 86_400 + Int64(second)
            return Instant(secondsSinceEpoch: local - Int64(offset(local - Int64(offset(local)))))
        }

        /// The local day number and minute of day of an instant, or nil before the zone's first entry.
        @inlinable public func local(_ seconds: Int64) -> (day: Int32, minutes: Int)? {
            guard seconds >= since[0] else { return nil }
            let local = seconds + Int64(offset(seconds))
            let day = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
            return (Int32(day), Int(local - day * 86_400) / 60)
        }
    }

    public func resolve(_ zone: String) throws(CalendarError) -> Resolved {
        guard let z = zones[zone] else { throw .unknownTimeZone(zone) }
        return Resolved(id: zone, since: z.transitions.map(\.since), offsets: z.transitions.map(\.offset))
    }
    public func source(of zone: String) -> String? { zones[zone]?.source }

    /// The offset from UTC in force in `zone` at `instant`.
    public func offset(at instant: Instant, zone: String) throws(CalendarError) -> Int {
        try localTime(instant, zone: zone).offsetSeconds
    }

    public func localTime(_ instant: Instant, zone: String) throws(CalendarError) -> LocalTime {
        let z = try resolve(zone)
        guard let l = z.local(instant.secondsSinceEpoch) else {
            throw .notCovered(date: instant.iso(offsetSeconds: z.offsets[0]), firstYear: firstYear, lastYear: lastYear)
        }
        return LocalTime(date: LocalDate(dayNumber: l.day), minutes: l.minutes, offsetSeconds: z.offset(instant.secondsSinceEpoch))
    }
}
