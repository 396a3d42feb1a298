import LegalCore

/// How an application reached the provider (docs/reference/check.md).
public enum Channel: String, Sendable, CaseIterable { case electronic, paper, stateCorporation = "state_corporation" }

/// One event of an application's timeline (docs/reference/check.md "events").
public struct Event: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case submitted, received, registered
        case monitoringRecorded = "monitoring_recorded"
        case documentsRequested = "documents_requested"
        case documentsAdded = "documents_added"
        case paymentDemanded = "payment_demanded"
        case hearingNotified = "hearing_notified"
        case hearingHeld = "hearing_held"
        case refused
        case resultIssued = "result_issued"
        case complaintRegistered = "complaint_registered"
        case complaintAnswered = "complaint_answered"
        /// A correction of a mistaken event (issue 11): it names the event (`corrects`, its number in the
        /// application, 1 = the first), says why (`reason`), and gives the right instant (`replacementAt`) or,
        /// without one, withdraws the event. The mistaken event stays in the history; what it made is judged
        /// again, and a finding it made that no longer holds is kept, marked as corrected.
        case correction

        /// Events only the provider's side can record: their presence shows the application arrived.
        public var isProviderEvent: Bool { self != .submitted }
        public var isDecision: Bool { self == .refused || self == .resultIssued }
    }
    public enum RefusalGround: String, Sendable, CaseIterable { case incompletePackage = "incomplete_package", merits }
    public enum Satisfaction: String, Sendable, CaseIterable { case full, partial, none }

    public var kind: Kind
    public var at: Instant
    public var documents: [String]?
    public var amount: String?
    public var ground: RefusalGround?
    public var reasons: [String]?
    /// On a refusal: the grounds it names from the passport's closed list (`ServicePassport.refusalGrounds`, by id;
    /// docs/reference/check.md v1.1) — `reasons` are the facts.
    public var grounds: [String]?
    public var signedBy: String?
    public var complaint: String?
    public var satisfied: Satisfaction?
    /// For a correction: the corrected event's number (1-based), why, and the right instant (nil: withdrawn).
    public var corrects: Int?
    public var reason: String?
    public var replacementAt: Instant?
    /// The event's position in the input (for error paths and stable ordering).
    public var index: Int

    public init(kind: Kind, at: Instant, documents: [String]? = nil, amount: String? = nil, ground: RefusalGround? = nil,
                reasons: [String]? = nil, signedBy: String? = nil, complaint: String? = nil, satisfied: Satisfaction? = nil, index: Int) {
        self.kind = kind; self.at = at; self.documents = documents; self.amount = amount; self.ground = ground
        self.reasons = reasons; self.signedBy = signedBy; self.complaint = complaint; self.satisfied = satisfied; self.index = index
    }
}

/// An application and its events, in time order (ties keep input order).
public struct Application: Sendable {
    public var id: String
    public var service: String
    public var channel: Channel
    public var applicant: String?
    public var queuePosition: Int?
    /// The organization that provides the service, when known (the server's applications); a queue is a
    /// provider's own (PS-RISK-2023 App.1 #13 compares an applicant with those ahead in *that* provider's queue).
    /// `rasim check` judges one provider's applications and leaves it nil.
    public var provider: String?
    public private(set) var events: [Event]

    public init(id: String, service: String, channel: Channel, applicant: String? = nil, queuePosition: Int? = nil,
                provider: String? = nil, events: [Event]) {
        self.id = id; self.service = service; self.channel = channel; self.applicant = applicant; self.queuePosition = queuePosition
        self.provider = provider
        self.events = events.sorted { ($0.at, $0.index) < ($1.at, $1.index) }
    }

    public func first(_ kind: Event.Kind) -> Event? { events.first { $0.kind == kind } }
    public func all(_ kind: Event.Kind) -> [Event] { events.filter { $0.kind == kind } }

    /// The first decision: a result or a refusal.
    public var decision: Event? { events.first { $0.kind.isDecision } }

    /// The corrections recorded (as of any moment).
    public var corrections: [Event] { events.filter { $0.kind == .correction } }

    /// The timeline as first recorded: corrections left out.
    public var asRecorded: Application { with(events: events.filter { $0.kind != .correction }) }

    /// The timeline with every correction made by `asOf` applied: the corrected event moved to its right
    /// instant, or withdrawn; the corrections themselves are not events of the procedure.
    public func corrected(asOf: Instant) -> Application {
        var out = events.filter { $0.kind != .correction }
        for c in corrections where c.at <= asOf {
            guard let n = c.corrects, let k = out.firstIndex(where: { $0.index == n - 1 }) else { continue }
            if let at = c.replacementAt { out[k].at = at } else { out.remove(at: k) }
        }
        return with(events: out)
    }

    func with(events: [Event]) -> Application {
        Application(id: id, service: service, channel: channel, applicant: applicant, queuePosition: queuePosition, provider: provider, events: events)
    }

    /// When the provider's system got the application (docs/reference/check.md): `received`; when absent, the
    /// `submitted` instant — except for an electronic application with no later provider event, which
    /// never arrived (nil). With neither (as of `asOf`), there is no arrival to count terms from (nil).
    public var receivedAt: Instant? {
        if let r = first(.received) { return r.at }
        guard let s = first(.submitted) else { return nil }
        if channel == .electronic, !events.contains(where: { $0.kind.isProviderEvent }) { return nil }
        return s.at
    }
}
