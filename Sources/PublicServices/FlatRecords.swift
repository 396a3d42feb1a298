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
