import LegalCore

/// The calendar's facts as data: the holiday law over time, the weekend rule, Kurban Ait dates, the
/// decrees moving days off, unconfirmed entries and the zones' offsets. Every entry names a key of
/// `sources`. Decoded from `calendar.json` (bundled) and merged with an administrator's overrides.
public struct CalendarData: Codable, Sendable {
    public struct Coverage: Codable, Sendable { public var firstYear: Int; public var lastYear: Int }

    public struct Holiday: Codable, Sendable {
        public var id: String
        public var name: LocalizedText
        /// `MM-DD` days of the holiday.
        public var days: [String]
        public var validFrom: LocalDate
        public var validUntil: LocalDate?
        /// False for the religious holidays that the weekend rule does not move (Orthodox Christmas).
        public var movesWhenOnWeekend: Bool
        public var source: String
    }

    public struct KurbanAit: Codable, Sendable {
        public var name: LocalizedText
        public var movesWhenOnWeekend: Bool
        public var source: String
        public var dates: [LocalDate]
    }

    public struct WeekendRule: Codable, Sendable {
        public var validFrom: LocalDate
        public var validUntil: LocalDate?
        public var source: String
    }

    /// A day off moved by a decree: `from` (a day that would be off) becomes a working day, `to` (a
    /// weekday that would be working) becomes a day off.
    public struct Transfer: Codable, Sendable {
        public var from: LocalDate
        public var to: LocalDate
        public var source: String
    }

    public struct Unconfirmed: Codable, Sendable {
        public var date: LocalDate
        public var note: String
        public var source: String
    }

    public struct Zone: Codable, Sendable {
        public struct Offset: Codable, Sendable { public var since: String; public var offset: String }
        public var id: String
        public var offsets: [Offset]
        public var source: String
    }

    public var format: Int
    public var coverage: Coverage
    public var sources: [String: String]
    public var holidays: [Holiday]
    public var kurbanAit: KurbanAit
    public var weekendRule: [WeekendRule]
    public var transfers: [Transfer]
    public var unconfirmed: [Unconfirmed]
    public var timeZones: [Zone]
}

/// An administrator's corrections, applied after the bundled data without a release
/// (`--calendar-overrides FILE` or `RASIM_CALENDAR_OVERRIDES`). Every entry must name its source.
///
/// ```json
/// {"sources": {"ORDER-2026-X": "Order of the Minister of Labour … No. … of …"},
///  "days": [{"date": "2026-08-31", "status": "day_off", "name": {"kk": "…", "ru": "…", "en": "…"},
///            "source": "ORDER-2026-X", "confirmed": true}],
///  "transfers": [{"from": "2026-01-03", "to": "2026-01-05", "source": "ORDER-2026-X"}],
///  "confirm": [{"date": "2026-08-30", "source": "ORDER-2026-X"}],
///  "coverage": {"lastYear": 2027}, "holidays": [...], "kurbanAit": ["2027-05-16"]}
/// ```
public struct CalendarOverrides: Codable, Sendable {
    public struct Day: Codable, Sendable {
        public enum Status: String, Codable, Sendable { case holiday, dayOff = "day_off", working }
        public var date: LocalDate
        public var status: Status
        public var name: LocalizedText?
        public var source: String
        /// Defaults to true: an administrator's entry is confirmed unless they say otherwise.
        public var confirmed: Bool?
        public var note: String?
    }
    public struct Confirm: Codable, Sendable { public var date: LocalDate; public var source: String }
    public struct CoverageExtension: Codable, Sendable { public var firstYear: Int?; public var lastYear: Int? }

    public var sources: [String: String]?
    public var days: [Day]?
    public var transfers: [CalendarData.Transfer]?
    public var confirm: [Confirm]?
    /// Extends the covered years; the new years need their holidays (the law's versions apply to them)
    /// and Kurban Ait dates, or the build refuses them.
    public var coverage: CoverageExtension?
    public var holidays: [CalendarData.Holiday]?
    public var kurbanAit: [LocalDate]?
    public var unconfirmed: [CalendarData.Unconfirmed]?

    public init() {}
}
