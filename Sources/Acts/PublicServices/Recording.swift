import LegalCore
import WorkCalendar

/// What a timeline may hold, whoever builds it — a `rasim check` input or the server recording events one
/// request at a time. One implementation: the CLI's codec and the server's recording both call it, and name
/// the refused event by its position among the events they were given. The refusal is a reason with its
/// values, never a sentence: each adapter words it (English in the API's message, Kazakh or Russian on a page).
public struct TimelineProblem: Error, Sendable, Equatable {
    public enum Reason: Sendable, Equatable {
        /// A second event of a kind that happens once; `existing` is the first (a result and a refusal are one decision).
        case happensOnce(existing: Event.Kind, at: Instant)
        /// Dated before the submission at `submittedAt`.
        case beforeSubmission(submittedAt: Instant)
        /// A decision with no registration at or before it.
        case beforeRegistration
        /// An answer dated before its complaint's registration (or to a complaint never registered).
        case answerBeforeComplaint(complaint: String)
        case complaintTwice(complaint: String)
        case unknownComplaint(complaint: String)
        /// A correction naming `number`, which is no earlier event of the application (or is a correction).
        case unknownCorrectionTarget(number: Int)
    }
    public enum Kind: String, Sendable {
        /// A second event of a kind that happens once (the server answers 409).
        case eventExists = "event_exists"
        /// Dated before what must precede it.
        case outOfOrder = "event_out_of_order"
        /// Names a complaint or an event the timeline does not have.
        case unknownReference = "unknown_reference"
        /// A complaint registered twice.
        case duplicateComplaint = "conflict"
    }
    public var reason: Reason
    /// The refused event's position among the `new` events checked, its kind and instant.
    public var index: Int
    public var event: Event.Kind
    public var at: Instant

    public var kind: Kind {
        switch reason {
        case .happensOnce: return .eventExists
        case .beforeSubmission, .beforeRegistration, .answerBeforeComplaint: return .outOfOrder
        case .unknownComplaint, .unknownCorrectionTarget: return .unknownReference
        case .complaintTwice: return .duplicateComplaint
        }
    }
    /// The refused event's field at fault: `type`, `at`, `complaint` or `corrects`.
    public var field: String {
        switch reason {
        case .happensOnce, .beforeRegistration: return "type"
        case .beforeSubmission: return "at"
        case .answerBeforeComplaint, .complaintTwice, .unknownComplaint: return "complaint"
        case .unknownCorrectionTarget: return "corrects"
        }
    }
    /// In English (the API's `message`; adapters add the path).
    public var message: String {
        switch reason {
        case .happensOnce(let k, let t):
            return "the application already has \(k.rawValue) at \(t.iso(offsetSeconds: 5 * 3600)); it happens once, and a recorded event is never replaced by another"
        case .beforeSubmission(let s): return "\(event.rawValue) at \(at.iso(offsetSeconds: 0)) is before the submission (\(s.iso(offsetSeconds: 0)))"
        case .beforeRegistration: return "\(event.rawValue) before the application was registered"
        case .answerBeforeComplaint(let c): return "complaint \"\(c)\" answered before it was registered"
        case .complaintTwice(let c): return "complaint \"\(c)\" is registered twice"
        case .unknownComplaint(let c): return "complaint \"\(c)\" was never registered in this application"
        case .unknownCorrectionTarget(let n):
            return "event \(n) is not an earlier event of this application that a correction can name (1 = the first event; not a correction)"
        }
    }

    init(_ reason: Reason, _ index: Int, _ e: Event) { self.reason = reason; self.index = index; self.event = e.kind; self.at = e.at }
}

public enum TimelineRules {
    /// Kinds that happen once in an application's life. A second one is refused, never taken as a new fact:
    /// the engine reads the earliest, so a back-dated second registration or result would erase the lateness
    /// found on the first — those audited could erase their own findings (issue 11). A result and a refusal
    /// are one decision.
    public static let once: Set<Event.Kind> = [.submitted, .registered, .resultIssued, .refused]

    /// The stored kinds `recording` needs to see besides the new events.
    public static let contextKinds: Set<Event.Kind> = [.submitted, .registered, .complaintRegistered, .resultIssued, .refused, .correction]

    /// References inside a timeline (`existing` then `new`; only `new` events are judged): a complaint is
    /// registered once and answered only when registered; a correction names, by its number (1 = the first
    /// event), an earlier event that is not itself a correction.
    public static func references(existing: [Event] = [], new: [Event]) throws(TimelineProblem) {
        var complaints = Set(existing.filter { $0.kind == .complaintRegistered }.compactMap(\.complaint))
        for (i, e) in new.enumerated() where e.kind == .complaintRegistered {
            if let c = e.complaint, !complaints.insert(c).inserted {
                throw TimelineProblem(.complaintTwice(complaint: c), i, e)
            }
        }
        for (i, e) in new.enumerated() {
            switch e.kind {
            case .complaintAnswered:
                guard let c = e.complaint, complaints.contains(c) else {
                    throw TimelineProblem(.unknownComplaint(complaint: e.complaint ?? ""), i, e)
                }
            case .correction:
                let n = e.corrects ?? 0, position = existing.count + i + 1
                let target = n >= 1 && n < position ? (n <= existing.count ? existing[n - 1] : new[n - existing.count - 1]) : nil
                guard let target, target.kind != .correction else {
                    throw TimelineProblem(.unknownCorrectionTarget(number: n), i, e)
                }
            default: break
            }
        }
    }

    /// Whether `new` events may be recorded after `existing` ones (which carry their number as `index + 1`):
    /// a kind that happens once is not recorded twice (a withdrawn event no longer counts), nothing is dated
    /// before the submission, a decision follows the registration, an answer follows its complaint's
    /// registration (an answer to a complaint never registered is out of order too); then the references above.
    public static func recording(existing: [Event], new: [Event]) throws(TimelineProblem) {
        var withdrawn = Set(existing.filter { $0.kind == .correction && $0.replacementAt == nil }.compactMap(\.corrects))
        for e in new where e.kind == .correction && e.replacementAt == nil { if let n = e.corrects { withdrawn.insert(n) } }
        // Events before the i-th new one that still count (not withdrawn), by their numbers.
        func earlierCounting(_ i: Int) -> [Event] {
            existing.filter { !withdrawn.contains($0.index + 1) }
                + new[..<i].enumerated().filter { !withdrawn.contains(existing.count + $0.offset + 1) }.map(\.element)
        }
        for (i, e) in new.enumerated() where once.contains(e.kind) {
            let earlier = earlierCounting(i)
            if let same = e.kind.isDecision ? earlier.first(where: { $0.kind.isDecision }) : earlier.first(where: { $0.kind == e.kind }) {
                throw TimelineProblem(.happensOnce(existing: same.kind, at: same.at), i, e)
            }
        }
        let all = existing + new
        let submitted = all.first { $0.kind == .submitted }
        for (i, e) in new.enumerated() {
            if let s = submitted, e.at < s.at {
                throw TimelineProblem(.beforeSubmission(submittedAt: s.at), i, e)
            }
            if e.kind.isDecision, !all.contains(where: { $0.kind == .registered && $0.at <= e.at }) {
                throw TimelineProblem(.beforeRegistration, i, e)
            }
            if e.kind == .complaintAnswered, !all.contains(where: { $0.kind == .complaintRegistered && $0.complaint == e.complaint && $0.at <= e.at }) {
                throw TimelineProblem(.answerBeforeComplaint(complaint: e.complaint ?? ""), i, e)
            }
        }
        try references(existing: existing, new: new)
    }
}

/// PS-VIOLATIONS-2025 Stage III case 15 (PS-RISK-2023 App.1 #14): only an official allowed to sign the service
/// may sign its result or refusal, not during an absence, and only for the organization the official serves.
/// One rule: the checks find a signature that breaks it; the server refuses to record one.
public enum SigningRule {
    public enum Problem: Sendable, Equatable {
        case notAllowed(official: String, service: String)
        case absent(official: String, Official.Absence)
        case otherOrganization(official: String, organization: String, provider: String)
    }

    public static let citations: [Citation] = FindingCode.unauthorizedSignature.citations

    /// Why `official` may not sign a decision of `service` on `day`, nil when it may. `organization` (the
    /// official's) and `provider` (the application's) are compared when both are known.
    public static func problem(_ official: Official, service: String, day: LocalDate, organization: String? = nil,
                               provider: String? = nil) -> Problem? {
        if let provider, let organization, organization != provider {
            return .otherOrganization(official: official.id, organization: organization, provider: provider)
        }
        if !official.maySign.contains(service) { return .notAllowed(official: official.id, service: service) }
        if let a = official.absences.first(where: { $0.kind.barsSigning && $0.contains(day) }) { return .absent(official: official.id, a) }
        return nil
    }
}

/// How near an open term's due day is, as of a day: what the workspace orders by and what
/// `deadline_approaching` warns of.
public enum Urgency: String, Sendable {
    case overdue, dueToday, dueNextWorkingDay, later

    /// `overdue` as the term says (an hour term is overdue by the clock); otherwise the due day against `today`
    /// and the next working day (unknown past the calendar's last day: then nothing is "next").
    public static func of(due: LocalDate, overdue: Bool, today: LocalDate, calendar: some WorkingDayCalendar) -> Urgency {
        if overdue { return .overdue }
        if due == today { return .dueToday }
        if let next = try? calendar.addWorkingDays(today, 1), due == next { return .dueNextWorkingDay }
        return .later
    }
}
