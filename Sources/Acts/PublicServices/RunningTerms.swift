import LegalCore
import WorkCalendar

/// A term that runs on an application, where it stands as of `asOf`, and how its due day was counted — what
/// the workspace shows next to the timeline and what orders the dashboard. Computed by the same rules as
/// the findings (the same receipt day, the same terms, the same citations), so a page never disagrees with
/// the findings it lists.
public struct RunningTerm: Sendable {
    public enum Status: String, Sendable {
        /// The act came on or before its due day.
        case met
        /// The act came after its due day.
        case breached
        /// Not done yet, due day not passed.
        case open
        /// Not done, due day passed.
        case overdue
    }
    public enum Kind: String, Sendable { case registration, refusal, service, complaint }

    public var kind: Kind
    public var name: LocalizedText
    public var citation: [Citation]
    public var deadline: Deadline
    /// The local day the act came (registration, refusal, result, answer), if it did as of `asOf`.
    public var doneOn: LocalDate?
    public var status: Status
    /// For complaints: the complaint's id.
    public var complaint: String?
    /// How near the due day is, as of the provider's day at `asOf`; nil once the act came.
    public var urgency: Urgency?
}

extension Checks {
    /// The terms running on `app` as of `ctx.asOf` (empty when the application never arrived): the
    /// registration (same day), the refusal of an incomplete package (when the service's rules set a term and
    /// such a refusal was made), the service term, and each complaint's answer — those that can be counted, and
    /// those that run past the calendar's last covered day (each listed, the others counted as usual).
    public static func runningTermsEach(_ original: Application, in ctx: CheckContext) throws(CheckError) -> (terms: [RunningTerm], beyond: [BeyondCalendar]) {
        let app: Application, facts: Facts?
        do { (app, facts) = try establish(original, in: ctx) } catch {
            return ([], [try BeyondCalendar(original.id, .receipt, error)])
        }
        guard let f = facts else { return ([], []) }
        let cal = ctx.calendar
        var out: [RunningTerm] = []
        var beyond: [BeyondCalendar] = []
        /// One term: counted, or listed as beyond the calendar.
        func counted(_ kind: BeyondCalendar.Term, _ body: () throws(CheckError) -> Void) throws(CheckError) {
            do { try body() } catch { beyond.append(try BeyondCalendar(app.id, kind, error)) }
        }

        func running(_ kind: RunningTerm.Kind, _ name: LocalizedText, _ citation: [Citation], _ deadline: Deadline, done: LocalDate?,
                  doneAt: Instant? = nil, complaint: String? = nil) -> RunningTerm {
            let s = status(done: done, due: deadline.due, dueInstant: deadline.dueInstant, doneAt: doneAt)
            let urgency = done == nil ? Urgency.of(due: deadline.due, overdue: s == .overdue, today: f.asOfDay, calendar: cal) : nil
            return RunningTerm(kind: kind, name: name, citation: citation, deadline: deadline, doneOn: done, status: s, complaint: complaint,
                               urgency: urgency)
        }

        func status(done: LocalDate?, due: LocalDate, dueInstant: Instant? = nil, doneAt: Instant? = nil) -> RunningTerm.Status {
            if let done {
                if let dueInstant, let doneAt { return doneAt > dueInstant ? .breached : .met }
                return done > due ? .breached : .met
            }
            if let dueInstant { return ctx.asOf > dueInstant ? .overdue : .open }
            return f.asOfDay > due ? .overdue : .open
        }

        // Registration: the day of receipt (PS-VIOLATIONS-2025 Stage I case 1).
        try counted(.registration) { () throws(CheckError) in
            let registration = try wrap(f.registered) { () throws(CalendarError) in
                try Term.sameDay.deadline(from: f.receiptDay, calendar: cal, detailed: ctx.detailedTraces)
            }
            let regDay = try f.registered.map { e throws(CheckError) in try day(e, f, cal) }
            out.append(running(.registration, BeyondCalendar.Term.registration.label, FindingCode.lateRegistration.citations, registration, done: regDay))
        }

        // Refusal to consider an incomplete package (Stage II case 10), when one was made and the rules set a term.
        if let term = f.passport.refusalTerm,
           let refusal = app.events.first(where: { $0.kind == .refused && $0.ground == .incompletePackage }) {
            try counted(.refusal) { () throws(CheckError) in
                let d = try wrap(refusal) { () throws(CalendarError) in try term.deadline(from: f.receiptDay, calendar: cal, detailed: ctx.detailedTraces) }
                let done = try day(refusal, f, cal)
                out.append(running(.refusal, BeyondCalendar.Term.refusal.label, FindingCode.refusalTermBreach.citations, d, done: done))
            }
        }

        // The service term (Stage II case 9, Stage III case 14); an hour term counts working hours.
        try counted(.service) { () throws(CheckError) in
            var service = try wrap(app.first(.received) ?? app.first(.submitted)) { () throws(CalendarError) in
                try f.passport.term.deadline(from: f.receiptDay, calendar: cal, detailed: ctx.detailedTraces)
            }
            _ = try Checks.workingHoursDue(f, &service, cal)
            let decision = app.decision
            let decided = try decision.map { e throws(CheckError) in try day(e, f, cal) }
            out.append(running(.service, BeyondCalendar.Term.service.label, FindingCode.termBreach.citations, service, done: decided,
                            doneAt: decision?.at))
        }

        // Complaints: answered within 5 working days of registration (PS-RISK-2023 App.1 #17, #21).
        for reg in app.all(.complaintRegistered) {
            try counted(.complaint) { () throws(CheckError) in
                let regDay = try day(reg, f, cal)
                guard let complaintTerm = Parameters.complaintTerm(on: regDay) else { return }
                let d = try wrap(reg) { () throws(CalendarError) in try complaintTerm.deadline(from: regDay, calendar: cal, detailed: ctx.detailedTraces) }
                let answer = app.events.first { $0.kind == .complaintAnswered && $0.complaint == reg.complaint && $0.at >= reg.at }
                let done = try answer.map { e throws(CheckError) in try day(e, f, cal) }
                out.append(running(.complaint, BeyondCalendar.Term.complaint.label, FindingCode.complaintTermBreach.citations, d, done: done,
                                complaint: reg.complaint))
            }
        }
        return (out, beyond)
    }
}

extension Checks {
    /// How many working days after its own day an event was entered in the system, when that is more than one
    /// (issue 11: such an entry is shown to internal control, since a back-dated record is how a late act would
    /// be hidden); nil when it was entered in time, or when the calendar cannot say.
    public static func enteredLate(at: Instant, recordedAt: Instant, timeZone: String, calendar: KazakhCalendar) -> Int? {
        guard let happened = try? calendar.eventDay(of: at, timeZone: timeZone),
              let entered = try? calendar.eventDay(of: recordedAt, timeZone: timeZone),
              let days = try? calendar.workingDaysBetween(happened, entered), days > 1 else { return nil }
        return days
    }
}
