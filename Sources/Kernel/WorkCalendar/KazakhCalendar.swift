import LegalCore

/// Kazakhstan's working-day calendar, built once from `CalendarData` (+ overrides) into precomputed
/// tables so that every query is O(1):
///
/// - `working[i]`: is day `i` (days since 1 January of the first covered year) a working day;
/// - `cumulative[i]`: the number of working days in days `0…i`;
/// - `nthWorking[k]`: the index of the (k+1)-th working day.
///
/// Then `workingDaysBetween(a, b) = cumulative[b] − cumulative[a]` and
/// `addWorkingDays(a, n) = nthWorking[cumulative[a] + n − 1]` (n ≥ 1). A date outside the covered years
/// — or a result beyond them — is `CalendarError.notCovered`, never a guess.
public struct KazakhCalendar: WorkingDayCalendar {
    public let firstYear: Int
    public let lastYear: Int
    @usableFromInline let base: Int32
    @usableFromInline let working: [Bool]
    @usableFromInline let cumulative: [Int32]
    @usableFromInline let nthWorking: [Int32]
    let unconfirmedCumulative: [Int32]
    /// Every day that is not an ordinary workday or weekend, or that carries a note: holidays, days off,
    /// working weekend days, days a decree made working again, unconfirmed days.
    let special: [Int32: DayInfo]
    public let sources: [String: String]
    public let zones: ZoneTable

    public var firstDay: LocalDate { LocalDate(dayNumber: base) }
    public var lastDay: LocalDate { LocalDate(dayNumber: base + Int32(working.count) - 1) }

    public init(data: CalendarData, overrides: CalendarOverrides? = nil) throws(CalendarError) {
        let merged = try CalendarRules.merge(data, overrides)
        firstYear = merged.coverage.firstYear
        lastYear = merged.coverage.lastYear
        let days = try CalendarRules.materialize(merged, overrides: overrides)
        base = LocalDate(year: firstYear, month: 1, day: 1)!.dayNumber
        let count = Int(LocalDate(year: lastYear, month: 12, day: 31)!.dayNumber - base) + 1
        var working = [Bool](repeating: false, count: count)
        var cumulative = [Int32](repeating: 0, count: count)
        var unconfirmed = [Int32](repeating: 0, count: count)
        var nth: [Int32] = []
        nth.reserveCapacity(count * 5 / 7 + 8)
        var run: Int32 = 0, runU: Int32 = 0
        for i in 0..<count {
            let date = LocalDate(dayNumber: base + Int32(i))
            let info = days[date.dayNumber]
            let isWorking = info?.isWorkingDay ?? !date.isWeekend
            working[i] = isWorking
            if isWorking { run += 1; nth.append(Int32(i)) }
            if info?.confirmed == false { runU += 1 }
            cumulative[i] = run
            unconfirmed[i] = runU
        }
        self.working = working
        self.cumulative = cumulative
        self.nthWorking = nth
        self.unconfirmedCumulative = unconfirmed
        self.special = days
        self.sources = merged.sources
        self.zones = try ZoneTable(merged.timeZones, sources: merged.sources, firstYear: firstYear, lastYear: lastYear)
    }

    @inlinable func index(_ date: LocalDate) throws(CalendarError) -> Int {
        let i = Int(date.dayNumber) - Int(base)
        guard i >= 0, i < working.count else { throw notCovered(date) }
        return i
    }

    /// The answer lies past the last covered day: say so, naming the last day we know. Kept out of line so
    /// the hot path of `addWorkingDays` stays small enough to inline.
    @usableFromInline @inline(never) func pastEnd(_ date: LocalDate, _ n: Int) -> CalendarError {
        .notCovered(date: "\(date) + \(n) working days (past \(lastDay))", firstYear: firstYear, lastYear: lastYear)
    }

    @usableFromInline @inline(never) func negativeTerm(_ n: Int) -> CalendarError {
        .invalidData("a term of \(n) working days: a term is never negative")
    }

    @usableFromInline @inline(never) func notCovered(_ date: LocalDate) -> CalendarError {
        .notCovered(date: date.description, firstYear: firstYear, lastYear: lastYear)
    }

    @inlinable public func isWorkingDay(_ date: LocalDate) throws(CalendarError) -> Bool {
        working[try index(date)]
    }

    @inlinable public func addWorkingDays(_ date: LocalDate, _ n: Int) throws(CalendarError) -> LocalDate {
        let i = try index(date)
        guard n >= 0 else { throw negativeTerm(n) }
        // k = working days up to and including i; the n-th working day after i is nthWorking[k + n - 1].
        // For n = 0: i itself if working, else the next working day (nthWorking[k]).
        let k = Int(cumulative[i])
        let target = n == 0 ? (working[i] ? k - 1 : k) : (n > nthWorking.count ? nthWorking.count : k + n - 1)
        guard target < nthWorking.count else { throw pastEnd(date, n) }
        return LocalDate(dayNumber: base + nthWorking[target])
    }

    @inlinable public func workingDaysBetween(_ from: LocalDate, _ to: LocalDate) throws(CalendarError) -> Int {
        let a = try index(from), b = try index(to)
        return Int(cumulative[b] - cumulative[a])
    }

    public func dayInfo(_ date: LocalDate) throws(CalendarError) -> DayInfo {
        _ = try index(date)
        return special[date.dayNumber] ?? DayInfo(date: date, kind: date.isWeekend ? .weekend : .workday)
    }

    /// The unconfirmed days from `from` through `through` (both covered), in order.
    public func unconfirmedDayList(from: LocalDate, through: LocalDate) throws(CalendarError) -> [LocalDate] {
        guard from <= through, try unconfirmedDays(from: from, through: through) > 0 else { return [] }
        return special.keys.filter { $0 >= from.dayNumber && $0 <= through.dayNumber && special[$0]?.confirmed == false }
            .sorted().map(LocalDate.init(dayNumber:))
    }

    public func unconfirmedDays(from: LocalDate, through: LocalDate) throws(CalendarError) -> Int {
        let a = try index(from), b = try index(through)
        guard a <= b else { return 0 }
        return Int(unconfirmedCumulative[b] - (a > 0 ? unconfirmedCumulative[a - 1] : 0))
    }

    /// The special days of a year in date order (holidays, days off, working weekend days, notes).
    public func specialDays(year: Int) throws(CalendarError) -> [DayInfo] {
        guard (firstYear...lastYear).contains(year) else {
            throw .notCovered(date: String(year), firstYear: firstYear, lastYear: lastYear)
        }
        let a = LocalDate(year: year, month: 1, day: 1)!.dayNumber, b = LocalDate(year: year, month: 12, day: 31)!.dayNumber
        return special.values.filter { $0.date.dayNumber >= a && $0.date.dayNumber <= b }.sorted { $0.date < $1.date }
    }

    /// The receipt day of an application (`CountingConvention.afterHoursReceipt`): the local date of the
    /// arrival if it is a working day and the arrival is before closing time (an arrival before opening
    /// counts for that same day); otherwise the next working day.
    public func receiptDay(of arrival: Instant, schedule: OfficeSchedule) throws(CalendarError) -> LocalDate {
        try receiptDay(seconds: arrival.secondsSinceEpoch, zone: zones.resolve(schedule.timeZone), closeMinutes: schedule.close.minutes)
    }

    /// The day an event "counts" for lateness: its local date, an after-hours event on a working day
    /// counting as that day (docs/reference/check.md).
    public func eventDay(of instant: Instant, timeZone: String) throws(CalendarError) -> LocalDate {
        try localDay(seconds: instant.secondsSinceEpoch, zone: zones.resolve(timeZone))
    }
}

/// Whether the calendar reaches far enough: from 1 October a year's terms start running into the next one, so
/// its holidays must be in the data before then ("the calendar always covers next year before it begins").
public enum CoverageWarning: Hashable, Sendable {
    /// It is October or later and the next year is not covered.
    case nextYearMissing(year: Int, coversUpTo: LocalDate)
    /// Today itself lies past the last covered day.
    case todayNotCovered(coversUpTo: LocalDate)

    public var coversUpTo: LocalDate {
        switch self { case .nextYearMissing(_, let d), .todayNotCovered(let d): return d }
    }

    public var message: LocalizedText {
        switch self {
        case .nextYearMissing(let y, let d):
            return LocalizedText(kk: "Күнтізбеге \(y) жылдың мерекелері мен ауыстырылған демалыс күндері әлі енгізілмеген (күнтізбе \(d) дейін қамтиды): сол жылға өтетін мерзімдер есептелмейді.",
                                 ru: "В календарь ещё не внесены праздники и перенесённые выходные \(y) года (календарь охватывает дни до \(d)): сроки, переходящие на этот год, не рассчитываются.",
                                 en: "The calendar does not cover \(y) yet (it covers up to \(d)): terms running into \(y) cannot be counted; add \(y)'s holidays and decrees.")
        case .todayNotCovered(let d):
            return LocalizedText(kk: "Күнтізбе тек \(d) дейін қамтиды: бүгінгі күн одан тыс, мерзімдер есептелмейді.",
                                 ru: "Календарь охватывает дни только до \(d): сегодняшний день за его пределами, сроки не рассчитываются.",
                                 en: "The calendar covers up to \(d) only: today lies beyond it and no term can be counted; add this year's holidays and decrees.")
        }
    }
}

extension KazakhCalendar {
    /// The warning due at `now` (from 1 October when next year is missing), or nil. Today is taken at UTC+5,
    /// Kazakhstan's one offset since 1 March 2024, without the zone table: it must be known even when the
    /// calendar does not reach today.
    public func coverageWarning(at now: Instant) -> CoverageWarning? {
        coverageWarning(today: now.localDate(offsetSeconds: 5 * 3600))
    }

    /// The warning due on `today`, or nil.
    public func coverageWarning(today: LocalDate) -> CoverageWarning? {
        if today > lastDay { return .todayNotCovered(coversUpTo: lastDay) }
        if today.month >= 10, lastYear < today.year + 1 { return .nextYearMissing(year: today.year + 1, coversUpTo: lastDay) }
        return nil
    }
}

/// A provider's office hours and zone (a service passport's `schedule`).
public struct OfficeSchedule: Hashable, Sendable {
    public var timeZone: String
    public var open: TimeOfDay
    public var close: TimeOfDay
    public init(timeZone: String = "Asia/Almaty", open: TimeOfDay, close: TimeOfDay) {
        self.timeZone = timeZone; self.open = open; self.close = close
    }
}

extension KazakhCalendar {
    /// The receipt day for a pre-resolved zone (same rule as `receiptDay(of:schedule:)`, for hot loops).
    @inlinable public func receiptDay(seconds: Int64, zone: ZoneTable.Resolved, closeMinutes: Int) throws(CalendarError) -> LocalDate {
        guard let l = zone.local(seconds) else {
            throw .notCovered(date: Instant(secondsSinceEpoch: seconds).iso(offsetSeconds: 0), firstYear: firstYear, lastYear: lastYear)
        }
        let date = LocalDate(dayNumber: l.day)
        if try isWorkingDay(date), l.minutes < closeMinutes { return date }
        return try addWorkingDays(date, 1)
    }

    /// The instant `hours` working hours after `seconds` (`CountingConvention.workingHours`): the hours from
    /// `openMinutes` to `closeMinutes` of each working day in `zone`, counted from the arrival when it falls within
    /// them, else from the next opening. The result is the instant the last hour ends.
    public func addWorkingHours(_ hours: Int, from seconds: Int64, zone: ZoneTable.Resolved, openMinutes: Int, closeMinutes: Int) throws(CalendarError) -> Int64 {
        guard let l = zone.local(seconds) else {
            throw .notCovered(date: Instant(secondsSinceEpoch: seconds).iso(offsetSeconds: 0), firstYear: firstYear, lastYear: lastYear)
        }
        let daily = closeMinutes - openMinutes
        guard hours >= 0, daily > 0 else { return seconds }
        var day = LocalDate(dayNumber: l.day)
        var minute: Int
        if try isWorkingDay(day), l.minutes < closeMinutes {
            minute = max(l.minutes, openMinutes)
        } else {
            day = try addWorkingDays(day, 1)
            minute = openMinutes
        }
        // More hours than the covered years hold can only end past the last covered day.
        guard hours <= working.count * 24 else { throw pastEnd(day, hours / 24) }
        var remaining = hours * 60
        // Whole working days at once, then the last one.
        while remaining > closeMinutes - minute {
            remaining -= closeMinutes - minute
            let whole = remaining / daily
            if whole > 0, remaining % daily == 0 {
                day = try addWorkingDays(day, whole)
                minute = openMinutes
                remaining = daily
                break
            }
            day = try addWorkingDays(day, whole + 1)
            remaining -= whole * daily
            minute = openMinutes
        }
        return zone.instant(day, second: (minute + remaining) * 60).secondsSinceEpoch
    }

    /// The local date of an instant in a pre-resolved zone.
    @inlinable public func localDay(seconds: Int64, zone: ZoneTable.Resolved) throws(CalendarError) -> LocalDate {
        guard let l = zone.local(seconds) else {
            throw .notCovered(date: Instant(secondsSinceEpoch: seconds).iso(offsetSeconds: 0), firstYear: firstYear, lastYear: lastYear)
        }
        return LocalDate(dayNumber: l.day)
    }
}

extension KazakhCalendar {
    /// A fingerprint of everything a judgement reads from the calendar: the covered years, each day's working
    /// status and whether it is confirmed, and every time zone's offsets (FNV-1a, 64 bits, hex). Two calendars
    /// with the same fingerprint count every term alike; an adapter keeping judgements names the calendar by it.
    public var fingerprint: String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ v: Int64) {
            var x = UInt64(bitPattern: v)
            for _ in 0..<8 { h = (h ^ (x & 0xff)) &* 0x100_0000_01b3; x >>= 8 }
        }
        mix(Int64(firstYear)); mix(Int64(lastYear))
        for (i, w) in working.enumerated() { mix(Int64(i) << 2 | (w ? 1 : 0) | Int64(unconfirmedCumulative[i] & 1) << 1) }
        for day in special.keys.sorted() where special[day]?.confirmed == false { mix(Int64(day)) }
        for id in zones.identifiers {
            for c in id.utf8 { mix(Int64(c)) }
            for t in zones.zones[id]?.transitions ?? [] { mix(t.since); mix(Int64(t.offset)) }
        }
        return String(h, radix: 16)
    }
}
