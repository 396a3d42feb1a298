/// A term as the acts state it. Counting follows `CountingConvention`, nowhere else.
public enum Term: Hashable, Sendable {
    case workingDays(Int)
    case calendarDays(Int)
    /// тәулік: days of 24 hours (e.g. PROSEC-ADM-2015 §13: 10 тәулік to protest).
    case tauliks(Int)
    case hours(Int)
    /// "On the day of receipt" (e.g. PS-VIOLATIONS-2025 Stage I case 1: registered the day it arrives).
    case sameDay
    /// A fixed calendar date ("by 10 June", "by the 25th of the quarter's last month").
    case fixedDate(FixedDate)

    public var label: LocalizedText {
        switch self {
        case .workingDays(let n): return LocalizedText(kk: "\(n) жұмыс күні", ru: "\(n) раб. дн.", en: "\(n) working day\(n == 1 ? "" : "s")")
        case .calendarDays(let n): return LocalizedText(kk: "\(n) күнтізбелік күн", ru: "\(n) календ. дн.", en: "\(n) calendar day\(n == 1 ? "" : "s")")
        case .tauliks(let n): return LocalizedText(kk: "\(n) тәулік", ru: "\(n) сут.", en: "\(n) тәулік (24-hour days)")
        case .hours(let n): return LocalizedText(kk: "\(n) сағат", ru: "\(n) ч.", en: "\(n) hour\(n == 1 ? "" : "s")")
        case .sameDay: return LocalizedText(kk: "сол күні", ru: "в тот же день", en: "the same day")
        case .fixedDate(let f): return f.label
        }
    }
}

/// A deadline fixed on the calendar rather than counted from an event.
public enum FixedDate: Hashable, Sendable {
    /// Every year on the given days, e.g. `[(6, 10), (12, 10)]` for "by 10 June and by 10 December".
    case yearly([MonthDay])
    /// The given day of every month ("by the 25th").
    case monthly(day: Int)
    /// The given day of the month after each month ("by the 10th of the month after the reporting month").
    case monthAfter(day: Int)
    /// The given day of the last month of each quarter ("by the 25th of the quarter's last month").
    case quarterLastMonth(day: Int)
    /// The given day of the month after each quarter ("by the 5th of the month after the quarter").
    case monthAfterQuarter(day: Int)

    public struct MonthDay: Hashable, Sendable { public let month: Int, day: Int
        public init(_ month: Int, _ day: Int) { self.month = month; self.day = day } }

    /// The nominal deadline for a period ending on or containing `date`: the first occurrence on or after it;
    /// nil when it would fall after 9999-12-31 (a date no calendar covers).
    public func nextOccurrence(onOrAfter date: LocalDate) -> LocalDate? {
        let (y, m, _) = date.components
        func on(_ y: Int, _ m: Int, _ d: Int) -> LocalDate? {
            let yy = y + (m - 1) / 12, mm = (m - 1) % 12 + 1
            return LocalDate(year: yy, month: mm, day: min(max(d, 1), LocalDate.daysInMonth(year: yy, month: mm)))
        }
        var candidates: [LocalDate?] = []
        switch self {
        case .yearly(let days):
            for yy in [y, y + 1] { for md in days { candidates.append(on(yy, md.month, md.day)) } }
        case .monthly(let d):
            candidates = [on(y, m, d), on(y, m + 1, d)]
        case .monthAfter(let d):
            candidates = [on(y, m + 1, d), on(y, m + 2, d)]
        case .quarterLastMonth(let d):
            let qEnd = ((m - 1) / 3) * 3 + 3
            candidates = [on(y, qEnd, d), on(y, qEnd + 3, d)]
        case .monthAfterQuarter(let d):
            let qEnd = ((m - 1) / 3) * 3 + 3
            candidates = [on(y, qEnd + 1, d), on(y, qEnd + 4, d)]
        }
        return candidates.compactMap { $0 }.filter { $0 >= date }.min()
    }

    public var label: LocalizedText {
        switch self {
        case .yearly(let days):
            let s = days.map { "\($0.day).\($0.month < 10 ? "0" : "")\($0.month)" }.joined(separator: ", ")
            return LocalizedText(kk: "\(s) дейін", ru: "до \(s)", en: "by \(s)")
        case .monthly(let d): return LocalizedText(kk: "айдың \(d)-не дейін", ru: "до \(d)-го числа месяца", en: "by the \(d)th of the month")
        case .monthAfter(let d): return LocalizedText(kk: "келесі айдың \(d)-не дейін", ru: "до \(d)-го числа следующего месяца", en: "by the \(d)th of the next month")
        case .quarterLastMonth(let d): return LocalizedText(kk: "тоқсанның соңғы айының \(d)-не дейін", ru: "до \(d)-го числа последнего месяца квартала", en: "by the \(d)th of the quarter's last month")
        case .monthAfterQuarter(let d): return LocalizedText(kk: "тоқсаннан кейінгі айдың \(d)-не дейін", ru: "до \(d)-го числа месяца, следующего за кварталом", en: "by the \(d)th of the month after the quarter")
        }
    }
}

/// One day in the explanation of how a deadline was counted.
public struct TraceDay: Hashable, Sendable {
    public var date: LocalDate
    public var kind: DayInfo.Kind
    /// The ordinal of this day within the term when it counts (1, 2, …), nil when skipped.
    public var counted: Int?
    public var name: LocalizedText?
    public var source: String?
    /// Its sources' ids in the calendar data (see `DayInfo.sourceIDs`).
    public var sourceIDs: [String] = []
    public var confirmed: Bool
}

/// A counted deadline and how it was counted.
public struct Deadline: Hashable, Sendable {
    public var term: Term
    /// The day the term runs from (not counted itself).
    public var start: LocalDate
    /// The last day on which the act is on time (until its end, `CountingConvention.endOfLastDay`).
    public var due: LocalDate
    /// For hour terms, the exact instant; nil otherwise.
    public var dueInstant: Instant?
    public var conventions: [CountingConvention]
    /// Every day from the day after `start` through `due`, with why it counted or not (only when asked).
    public var days: [TraceDay]
    /// True when a day in the counted span rests on an unconfirmed calendar entry.
    public var restsOnUnconfirmedDays: Bool
}

extension Term {
    /// The deadline of this term counted from `start` (the day of the event or the receipt day).
    /// `detailed` fills `days` for a day-by-day explanation; the hot path leaves it off.
    public func deadline(from start: LocalDate, calendar: some WorkingDayCalendar, detailed: Bool = false) throws(CalendarError) -> Deadline {
        var conventions: [CountingConvention] = [.startDayExcluded, .endOfLastDay]
        let due: LocalDate
        switch self {
        case .workingDays(let n):
            conventions.insert(.workingDaysOnly, at: 1)
            due = try calendar.addWorkingDays(start, n)
        case .calendarDays(let n):
            conventions.append(.nonWorkingLastDayMoves)
            due = try calendar.nextWorkingDay(onOrAfter: start.adding(days: n))
        case .tauliks(let n):
            conventions += [.tauliksAsCalendarDays, .nonWorkingLastDayMoves]
            due = try calendar.nextWorkingDay(onOrAfter: start.adding(days: n))
        case .hours(let n):
            // By date alone the event's hour is unknown: the latest day the hours can reach. Exact checks use
            // `dueInstant(from:)` with the event's instant.
            conventions = [.hoursByClock]
            due = start.adding(days: n / 24 + (n % 24 > 0 ? 1 : 0))
        case .sameDay:
            conventions = [.endOfLastDay]
            due = start
        case .fixedDate(let f):
            conventions = [.fixedDateNonWorkingMoves]
            guard let nominal = f.nextOccurrence(onOrAfter: start) else {
                throw .notCovered(date: "\(f.label.en) after \(start)", firstYear: start.year, lastYear: start.year)
            }
            due = try calendar.nextWorkingDay(onOrAfter: nominal)
        }
        var days: [TraceDay] = []
        let firstCounted = start.adding(days: { if case .sameDay = self { return 0 } else { return 1 } }())
        let unconfirmed = firstCounted <= due ? try calendar.unconfirmedDays(from: firstCounted, through: due) > 0 : false
        if detailed {
            var k = 0
            var d = firstCounted
            while d <= due {
                let info = try calendar.dayInfo(d)
                var counted: Int? = nil
                switch self {
                case .workingDays: if info.isWorkingDay { k += 1; counted = k }
                case .calendarDays(let n), .tauliks(let n): if k < n { k += 1; counted = k }
                default: k += 1; counted = k
                }
                days.append(TraceDay(date: d, kind: info.kind, counted: counted, name: info.name, source: info.source, sourceIDs: info.sourceIDs, confirmed: info.confirmed))
                d = d.adding(days: 1)
            }
        }
        return Deadline(term: self, start: start, due: due, dueInstant: nil, conventions: conventions, days: days, restsOnUnconfirmedDays: unconfirmed)
    }

    /// For an hour term: the instant by which the act is due (`CountingConvention.hoursByClock`).
    public func dueInstant(from event: Instant) -> Instant? {
        guard case .hours(let n) = self else { return nil }
        let (seconds, overflow) = Int64(n).multipliedReportingOverflow(by: 3600)
        return event.adding(seconds: overflow ? (n > 0 ? .max : .min) : seconds)
    }
}
