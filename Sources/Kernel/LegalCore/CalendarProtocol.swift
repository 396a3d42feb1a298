/// What the legal core needs from a working-day calendar. `WorkCalendar` implements it from the holiday
/// law and the decrees; tests may supply their own. Every method refuses a date it does not cover.
public protocol WorkingDayCalendar: Sendable {
    func isWorkingDay(_ date: LocalDate) throws(CalendarError) -> Bool
    /// The `n`-th working day after `date` (`date` itself not counted); for `n = 0`, `date` if it is a
    /// working day, else the next working day.
    func addWorkingDays(_ date: LocalDate, _ n: Int) throws(CalendarError) -> LocalDate
    /// The number of working days `d` with `from < d ≤ to`; negative when `to < from`.
    func workingDaysBetween(_ from: LocalDate, _ to: LocalDate) throws(CalendarError) -> Int
    /// Why a day is or is not a working day, with its legal source — what a trace shows.
    func dayInfo(_ date: LocalDate) throws(CalendarError) -> DayInfo
    /// How many days in `from...through` rest on unconfirmed calendar entries (0 when all are confirmed).
    func unconfirmedDays(from: LocalDate, through: LocalDate) throws(CalendarError) -> Int
}

extension WorkingDayCalendar {
    public func nextWorkingDay(onOrAfter date: LocalDate) throws(CalendarError) -> LocalDate {
        try addWorkingDays(date, 0)
    }
}

public struct DayInfo: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case workday            // Monday–Friday, nothing special
        case weekend            // Saturday or Sunday
        case holiday            // a public holiday (Law on holidays Art. 5)
        case dayOff = "day_off" // observed (weekend rule) or moved by a decree onto a weekday
        case workingWeekendDay = "working_weekend_day" // a Saturday or Sunday made a working day by a decree
    }
    public var date: LocalDate
    public var kind: Kind
    public var isWorkingDay: Bool { kind == .workday || kind == .workingWeekendDay }
    /// The holiday's or the moved day's name; nil for an ordinary workday or weekend.
    public var name: LocalizedText?
    /// The legal source, human-readable (act, article, decree number); nil for ordinary days.
    public var source: String?
    /// False when the entry rests on a disputed or not-yet-confirmed source (shown as such).
    public var confirmed: Bool
    /// The ids of its sources in the calendar data (`sources`), in the order `source` names them: what a page
    /// words in the reader's language.
    public var sourceIDs: [String]
    /// Why an entry is unconfirmed, or an administrator's remark.
    public var note: String?
    /// Where the note comes from: the calendar's own data (worded per date), an administrator's override, or
    /// an administrator's confirmation.
    public enum NoteOrigin: String, Hashable, Sendable { case data, override, confirmation }
    public var noteOrigin: NoteOrigin?

    public init(date: LocalDate, kind: Kind, name: LocalizedText? = nil, source: String? = nil, sourceIDs: [String] = [], confirmed: Bool = true,
                note: String? = nil, noteOrigin: NoteOrigin? = nil) {
        self.date = date; self.kind = kind; self.name = name; self.source = source; self.sourceIDs = sourceIDs; self.confirmed = confirmed
        self.note = note; self.noteOrigin = note == nil ? nil : noteOrigin
    }
}

public enum CalendarError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A date outside the years the calendar has data for: an error, never a guess.
    case notCovered(date: String, firstYear: Int, lastYear: Int)
    case invalidData(String)
    case unknownTimeZone(String)

    public var code: String {
        switch self {
        case .notCovered: return "calendar_not_covered"
        case .invalidData: return "invalid_calendar_data"
        case .unknownTimeZone: return "unknown_time_zone"
        }
    }

    public var description: String {
        switch self {
        case .notCovered(let d, let a, let b):
            return "\(d) is outside the years the calendar covers (\(a)–\(b)); add that year's holidays and decrees to the calendar data before judging it"
        case .invalidData(let s): return "invalid calendar data: \(s)"
        case .unknownTimeZone(let z): return "unknown time zone \"\(z)\": Rasim knows the zones of Kazakhstan (Asia/Almaty, Asia/Qostanay, Asia/Qyzylorda, Asia/Aqtobe, Asia/Aqtau, Asia/Atyrau, Asia/Oral) and UTC"
        }
    }
}
