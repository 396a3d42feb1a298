import LegalCore
import WorkCalendar

/// The checks a flat monitoring export allows (`rasim scan`): one row per application with its submission,
/// registration and decision instants. The semantics are exactly those of `Checks.judge` for the five
/// codes a row can show — late_registration, term_breach, refusal_term_breach, refusal_without_reasons,
/// refusal_without_hearing — read a row as the timeline
///
///     submitted(submitted_at) · registered(registered_at)? · hearing_held(decided_at)? ·
///     result_issued | refused(merits | incomplete_package, reasons: given ? [..] : [])  at decided_at
///
/// (a test judges generated rows both ways and compares them). This form works on plain numbers so that
/// tens of millions of rows can be judged without building timelines.
public enum FlatRecords {
    public enum Result: UInt8, Sendable, CaseIterable {
        case issued, refused, refusedIncomplete, pending
        public var name: String {
            switch self { case .issued: "issued"; case .refused: "refused"; case .refusedIncomplete: "refused_incomplete"; case .pending: "pending" }
        }
    }

    /// A service row: working-day terms (the export's form), schedule and zone resolved once.
    public struct Service: Sendable {
        public var term: Int
        public var refusalTerm: Int?
        public var hearingRequired: Bool
        public var zone: ZoneTable.Resolved
        public var closeMinutes: Int
        /// The local date of `asOf` in this service's zone.
        public var asOfDay: LocalDate
        public init(term: Int, refusalTerm: Int?, hearingRequired: Bool, zone: ZoneTable.Resolved, closeMinutes: Int, asOfDay: LocalDate) {
            self.term = term; self.refusalTerm = refusalTerm; self.hearingRequired = hearingRequired
            self.zone = zone; self.closeMinutes = closeMinutes; self.asOfDay = asOfDay
        }
    }

    public struct Row: Sendable {
        public var channel: Channel
        public var submitted: Int64
        public var registered: Int64?
        public var decided: Int64?
        public var result: Result
        public var reasonsGiven: Bool
        public var hearingHeld: Bool
        public init(channel: Channel, submitted: Int64, registered: Int64?, decided: Int64?, result: Result, reasonsGiven: Bool, hearingHeld: Bool) {
            self.channel = channel; self.submitted = submitted; self.registered = registered; self.decided = decided
            self.result = result; self.reasonsGiven = reasonsGiven; self.hearingHeld = hearingHeld
        }
    }

    public struct Lateness: Sendable, Hashable {
        public var due: LocalDate
        public var actual: LocalDate?
        public var late: Int
    }

    public struct Outcome: Sendable {
        public var lateRegistration: Lateness?
        public var termBreach: Lateness?
        public var refusalTermBreach: Lateness?
        public var refusalWithoutReasons = false
        public var refusalWithoutHearing = false
        public var isEmpty: Bool {
            lateRegistration == nil && termBreach == nil && refusalTermBreach == nil && !refusalWithoutReasons && !refusalWithoutHearing
        }
    }

    /// Which field of the row a calendar error came from.
    public enum Field: String, Sendable { case submitted = "submitted_at", registered = "registered_at", decided = "decided_at", asOf = "asOf" }
    public struct Failure: Error, Sendable { public var field: Field; public var error: CalendarError }

    public static func judge(_ r: Row, _ s: Service, asOf: Int64, calendar cal: KazakhCalendar) throws(Failure) -> Outcome {
        var out = Outcome()
        // Events after asOf have not happened (as in Checks.judge).
        guard r.submitted <= asOf else { return out }
        let registered = r.registered.flatMap { $0 <= asOf ? $0 : nil }
        let decided = r.decided.flatMap { $0 <= asOf ? $0 : nil }
        let result = decided == nil ? Result.pending : r.result
        // An electronic application with no provider event never arrived: no provider terms (routing failure).
        if r.channel == .electronic && registered == nil && decided == nil { return out }

        let receipt: LocalDate
        do { receipt = try cal.receiptDay(seconds: r.submitted, zone: s.zone, closeMinutes: s.closeMinutes) }
        catch { throw Failure(field: .submitted, error: error) }

        if let registered {
            do {
                let day = try cal.localDay(seconds: registered, zone: s.zone)
                if day > receipt { out.lateRegistration = Lateness(due: receipt, actual: day, late: try cal.workingDaysBetween(receipt, day)) }
            } catch { throw Failure(field: .registered, error: error) }
        } else if s.asOfDay > receipt {
            // Never registered by asOf (docs/reference/check.md v1.1, Stage I case 4): late up to asOf's local date.
            do { out.lateRegistration = Lateness(due: receipt, actual: nil, late: try cal.workingDaysBetween(receipt, s.asOfDay)) }
            catch { throw Failure(field: .asOf, error: error) }
        }
        let due: LocalDate
        do { due = try cal.addWorkingDays(receipt, s.term) } catch { throw Failure(field: .submitted, error: error) }
        if let decided {
            do {
                let day = try cal.localDay(seconds: decided, zone: s.zone)
                if day > due { out.termBreach = Lateness(due: due, actual: day, late: try cal.workingDaysBetween(due, day)) }
                if result == .refusedIncomplete, let rt = s.refusalTerm {
                    let rdue = try cal.addWorkingDays(receipt, rt)
                    if day > rdue { out.refusalTermBreach = Lateness(due: rdue, actual: day, late: try cal.workingDaysBetween(rdue, day)) }
                }
            } catch { throw Failure(field: .decided, error: error) }
            if result == .refused || result == .refusedIncomplete {
                out.refusalWithoutReasons = !r.reasonsGiven
                out.refusalWithoutHearing = s.hearingRequired && !r.hearingHeld
            }
        } else if s.asOfDay > due {
            do { out.termBreach = Lateness(due: due, actual: nil, late: try cal.workingDaysBetween(due, s.asOfDay)) }
            catch { throw Failure(field: .asOf, error: error) }
        }
        return out
    }

    /// The codes a flat row can show, in output order.
    public static let codes: [FindingCode] = [.lateRegistration, .refusalTermBreach, .refusalWithoutHearing, .refusalWithoutReasons, .termBreach]
}

// MARK: - The same judgement for counting, in plain numbers

extension FlatRecords {
    /// Which of `codes` a row shows, one bit each in `codes` order (bit 0 late_registration … bit 4
    /// term_breach). `rasim scan` only counts codes, so it needs neither due dates nor lateness.
    public struct CodeSet: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        @inlinable public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let lateRegistration = CodeSet(rawValue: 1 << 0)
        public static let refusalTermBreach = CodeSet(rawValue: 1 << 1)
        public static let refusalWithoutHearing = CodeSet(rawValue: 1 << 2)
        public static let refusalWithoutReasons = CodeSet(rawValue: 1 << 3)
        public static let termBreach = CodeSet(rawValue: 1 << 4)

        /// The codes of a full outcome.
        public init(_ o: Outcome) {
            var c: CodeSet = []
            if o.lateRegistration != nil { c.insert(.lateRegistration) }
            if o.refusalTermBreach != nil { c.insert(.refusalTermBreach) }
            if o.refusalWithoutHearing { c.insert(.refusalWithoutHearing) }
            if o.refusalWithoutReasons { c.insert(.refusalWithoutReasons) }
            if o.termBreach != nil { c.insert(.termBreach) }
            self = c
        }
    }

    /// A `Service` in plain numbers, with no references (see `codes(_:_:asOf:days:)`).
    public struct CompactService: Sendable {
        public let term: Int
        /// The refusal term, or -1 when the service has none.
        public let refusalTerm: Int
        public let hearingRequired: Bool
        public let closeSeconds: Int64
        /// The day number of `asOf`'s local date in the service's zone.
        public let asOfDay: Int
        public let zone: ZoneTable.Resolved.Compact

        /// nil when the zone has more than three offsets (the caller then uses `judge` for its rows).
        public init?(_ s: Service) {
            guard let zone = s.zone.compact else { return nil }
            term = s.term; refusalTerm = s.refusalTerm ?? -1; hearingRequired = s.hearingRequired
            closeSeconds = Int64(s.closeMinutes) * 60; asOfDay = Int(s.asOfDay.dayNumber); self.zone = zone
        }
    }

    /// The codes `judge` finds for the row — computed the same way, step for step, over the calendar's tables
    /// as plain pointers (`WorkingDayTables`) and a `CompactService`, so that `rasim scan` judges millions of
    /// rows without reference counting, optionals of dates or lateness it does not print.
    ///
    /// nil when `judge` might throw (an instant before the zone's first entry, a day outside the calendar's
    /// years): the caller then asks `judge`, which names the error. A test (ScanAgreementTests) requires, row
    /// by row, that a non-nil answer equals `CodeSet(judge(...))` and that a row `judge` refuses gets nil.
    @inlinable @inline(__always)
    public static func codes(_ r: Row, _ s: CompactService, asOf: Int64, days t: WorkingDayTables) -> CodeSet? {
        // The steps of `judge`, in its order.
        guard r.submitted <= asOf else { return [] }
        let registered = r.registered.flatMap { $0 <= asOf ? $0 : nil }
        let decided = r.decided.flatMap { $0 <= asOf ? $0 : nil }
        let result = decided == nil ? Result.pending : r.result
        if r.channel == .electronic && registered == nil && decided == nil { return [] }

        // Day indexes into the tables: local seconds → day number → minus `base`.
        @inline(__always) func dayIndex(_ local: Int64) -> Int {
            Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400) - Int(t.base)
        }

        // Receipt day (`KazakhCalendar.receiptDay`): the local date if working and before closing time, else
        // the next working day. `rank` = working days in days 0…receipt (receipt is a working day).
        guard let subLocal = s.zone.localSeconds(r.submitted) else { return nil }
        let subIndex = dayIndex(subLocal)
        guard t.contains(subIndex) else { return nil }
        let secondOfDay = subLocal - (Int64(subIndex) + Int64(t.base)) * 86_400
        var rank = Int(t.cumulative[subIndex])
        let receipt: Int
        if t.working[subIndex] && secondOfDay < s.closeSeconds {
            receipt = subIndex
        } else {
            guard rank < t.workingCount else { return nil }      // addWorkingDays(date, 1): past the last day
            receipt = Int(t.nthWorking[rank])
            rank += 1
        }
        var out: CodeSet = []

        let asOfDay = s.asOfDay - Int(t.base)
        if let registered {
            guard let local = s.zone.localSeconds(registered) else { return nil }
            let day = dayIndex(local)
            if day > receipt {
                guard day < t.count else { return nil }           // workingDaysBetween would throw
                out.insert(.lateRegistration)
            }
        } else if asOfDay > receipt {
            guard asOfDay < t.count else { return nil }
            out.insert(.lateRegistration)
        }
        // addWorkingDays(receipt, n) for a working receipt day: the (rank + n)-th working day (n = 0: itself).
        guard rank - 1 + s.term < t.workingCount else { return nil }
        let due = Int(t.nthWorking[rank - 1 + s.term])
        if let decided {
            guard let local = s.zone.localSeconds(decided) else { return nil }
            let day = dayIndex(local)
            if day > due {
                guard day < t.count else { return nil }
                out.insert(.termBreach)
            }
            if result == .refusedIncomplete && s.refusalTerm >= 0 {
                guard rank - 1 + s.refusalTerm < t.workingCount else { return nil }
                if day > Int(t.nthWorking[rank - 1 + s.refusalTerm]) {
                    guard day < t.count else { return nil }
                    out.insert(.refusalTermBreach)
                }
            }
            if result == .refused || result == .refusedIncomplete {
                if !r.reasonsGiven { out.insert(.refusalWithoutReasons) }
                if s.hearingRequired && !r.hearingHeld { out.insert(.refusalWithoutHearing) }
            }
        } else {
            if asOfDay > due {
                guard asOfDay < t.count else { return nil }
                out.insert(.termBreach)
            }
        }
        return out
    }
}
