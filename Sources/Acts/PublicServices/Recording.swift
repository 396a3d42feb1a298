import LegalCore
import WorkCalendar

/// What a timeline may hold, whoever builds it — a `rasim check` input or the server recording events one
/// request at a time. One implementation: the CLI's codec and the server's recording both call it, and name
/// the refused event by its position among the events they were given.
public struct TimelineProblem: Error, Sendable, Equatable {
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
    public var kind: Kind
    /// The refused event's position among the `new` events checked.
    public var index: Int
    /// Its field at fault: `type`, `at`, `complaint` or `corrects`.
    public var field: String
    /// What is wrong (English; adapters add the path and their language).
    public var message: String
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
                throw TimelineProblem(kind: .duplicateComplaint, index: i, field: "complaint", message: "complaint \"\(c)\" is registered twice")
            }
        }
        for (i, e) in new.enumerated() {
            switch e.kind {
            case .complaintAnswered:
                guard let c = e.complaint, complaints.contains(c) else {
                    throw TimelineProblem(kind: .unknownReference, index: i, field: "complaint",
                                          message: "complaint \"\(e.complaint ?? "")\" was never registered in this application")
                }
            case .correction:
                let n = e.corrects ?? 0, position = existing.count + i + 1
                let target = n >= 1 && n < position ? (n <= existing.count ? existing[n - 1] : new[n - existing.count - 1]) : nil
                guard let target, target.kind != .correction else {
                    throw TimelineProblem(kind: .unknownReference, index: i, field: "corrects",
                                          message: "event \(n) is not an earlier event of this application that a correction can name (1 = the first event; not a correction)")
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
                throw TimelineProblem(kind: .eventExists, index: i, field: "type",
                                      message: "the application already has \(same.kind.rawValue) at \(same.at.iso(offsetSeconds: 5 * 3600)); it happens once, and a recorded event is never replaced by another")
            }
        }
        let all = existing + new
        let submitted = all.first { $0.kind == .submitted }
        for (i, e) in new.enumerated() {
            if let s = submitted, e.at < s.at {
                throw TimelineProblem(kind: .outOfOrder, index: i, field: "at",
                                      message: "\(e.kind.rawValue) at \(e.at.iso(offsetSeconds: 0)) is before the submission (\(s.at.iso(offsetSeconds: 0)))")
            }
            if e.kind.isDecision, !all.contains(where: { $0.kind == .registered && $0.at <= e.at }) {
                throw TimelineProblem(kind: .outOfOrder, index: i, field: "type", message: "\(e.kind.rawValue) before the application was registered")
            }
            if e.kind == .complaintAnswered, !all.contains(where: { $0.kind == .complaintRegistered && $0.complaint == e.complaint && $0.at <= e.at }) {
                throw TimelineProblem(kind: .outOfOrder, index: i, field: "complaint", message: "complaint \"\(e.complaint ?? "")\" answered before it was registered")
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
        case otherOrganization(official: String, organization: String?, provider: String)
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
        if let a = official.absences.first(where: { $0.contains(day) }) { return .absent(official: official.id, a) }
        return nil
    }
}

extension SigningRule.Problem {
    /// The reason in English, for the API's error message.
    public var message: String {
        switch self {
        case .notAllowed(let o, let s): return "\(o) is not allowed to sign \(s)"
        case .absent(let o, let a): return "\(o) is absent from \(a.from) to \(a.to)"
        case .otherOrganization(let o, let org, let p):
            return "\(o) is an official of \(org ?? "no organization"), not of \(p), which provides this application"
        }
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
