import Foundation
import JSONKit
import LegalCore
import PublicServices
import Storage
import WebKit
import WorkCalendar

/// Where an application stands as of a moment: what the lists show and filter by.
public enum ApplicationStatus: String, CaseIterable, Sendable {
    case overdue, dueToday = "due_today", dueNext = "due_next", open, result, refused
    case notReceived = "not_received"
    /// Open, its service term running past the calendar's last covered day.
    case beyondCalendar = "beyond_calendar"
    var isOpen: Bool { [.overdue, .dueToday, .dueNext, .open, .beyondCalendar].contains(self) }

    /// The status of `app` as of `asOf`, from its running terms as judged then.
    static func of(_ app: Application, terms: [RunningTerm], beyond: [BeyondCalendar], asOf: Instant) -> ApplicationStatus {
        if let d = app.decision, d.at <= asOf { return d.kind == .refused ? .refused : .result }
        if let s = terms.first(where: { $0.kind == .service }) {
            switch s.urgency {
            case .overdue?: return .overdue
            case .dueToday?: return .dueToday
            case .dueNextWorkingDay?: return .dueNext
            case .later?, nil: return .open
            }
        }
        if beyond.contains(where: { $0.term == .service || $0.term == .receipt }) { return .beyondCalendar }
        return .notReceived
    }
}

/// An application as the lists show it: its judgement as kept in storage, or as just made.
struct Listed: Sendable {
    /// A term that waits for the calendar of a year not yet covered.
    struct Waiting: Sendable, Hashable {
        var term: BeyondCalendar.Term
        var date: String
        var coversUpTo: LocalDate
        init(term: BeyondCalendar.Term, date: String, coversUpTo: LocalDate) { self.term = term; self.date = date; self.coversUpTo = coversUpTo }
        init(_ b: BeyondCalendar) { self.init(term: b.term, date: b.date, coversUpTo: b.coversUpTo) }
        /// How a kept detail (`json`) says its list `key` is not empty — what a query looks for.
        static func nonEmpty(_ key: String) -> String { JSONText.string(key) + ": [{" }
        static func json(_ list: [Waiting]) -> String {
            JSONText.array(list.map { w in
                JSONText.object([("term", JSONText.string(w.term.rawValue)), ("date", JSONText.string(w.date)),
                                 ("coversUpTo", JSONText.string(w.coversUpTo.description))])
            })
        }
    }
    var row: Store.ApplicationRow
    var status: ApplicationStatus
    var receiptDay: LocalDate?
    /// The service term's due day.
    var due: LocalDate?
    /// The codes of its findings, a code per finding.
    var codes: [String]
    /// Terms its judgement could not count (the findings API's `beyondCalendar`).
    var unjudged: [Waiting]
    /// Running terms that wait for the calendar (the workspace's list of what waits).
    var waiting: [Waiting]
    /// Its findings, not counting the warning that a term is near.
    var findingCount: Int { codes.filter { $0 != FindingCode.deadlineApproaching.rawValue }.count }
}

/// The judgements of PS-VIOLATIONS-2025 kept in storage (`Store.putJudgements`): each application's status,
/// receipt and due days, findings (as the API answers them) and waiting terms, with the basis they rest on —
/// these rules (`Checks.rulesVersion` and this build), the catalog as stored, the calendar — and how long they hold
/// (`Checks.holding`). They are kept current from the audit log (`refresh`: what was written, what time ended, a
/// written queue's whole queue); the lists read them as queries; a row shown is checked against its timeline.
extension API {
    static let judgementModule = "public-services"

    /// What every judgement made now rests on besides its timeline.
    func judgementBasis() async throws -> String {
        Store.digest([Checks.rulesVersion, Store.buildStamp, try await catalog.digest(), calendarFingerprint])
    }

    /// The visible applications (of `providers`, one service, a window of submission) as of `asOf`, in id order:
    /// kept judgements where they hold; the others judged now and kept.
    func listed(providers: [String]?, service: String? = nil, fromEpoch: Int64? = nil, toEpoch: Int64? = nil,
                asOf: Instant) async throws -> [Listed] {
        try await refresh(asOf: asOf)
        let index = try await store.timelineJudgements(module: API.judgementModule, providers: providers, service: service,
                                                       fromEpoch: fromEpoch, toEpoch: toEpoch)
        return try await resolve(index, asOf: asOf).listed
    }

    /// The timelines of `index` as of `asOf`: kept judgements where they hold, the others judged now and kept
    /// (`kept`: those), and those of `force` judged now whatever is kept (a queue a write changed: `refresh`). With
    /// `strict`, a failure to store them is the caller's (a rebuild must not report work it did not keep);
    /// otherwise the reader is served anyway.
    func resolve(_ index: [Store.TimelineJudgement], asOf: Instant, strict: Bool = false, force: Set<String> = []) async throws
        -> (listed: [Listed], kept: [StoredJudgement]) {
        let basis = try await judgementBasis()
        let now = asOf.secondsSinceEpoch
        var fresh: [String: Listed] = [:]
        var stale: [Store.ApplicationRow] = []
        for t in index {
            if !force.contains(t.row.key), let s = t.stored, s.holds(seq: t.seq, basis: basis, now: now), let l = try? Self.listed(t.row, s) {
                fresh[t.row.key] = l
            } else {
                stale.append(t.row)
            }
        }
        var kept: [StoredJudgement] = []
        if !stale.isEmpty {
            let made = try await judgeAndKeep(stale, basis: basis, asOf: asOf, strict: strict)
            for (key, l) in made.listed { fresh[key] = l }
            kept = made.kept
        }
        return (index.compactMap { fresh[$0.row.key] }, kept)
    }

    /// Brings the kept judgements up to date as of `asOf` without reading every application (`Store.judgementMark`):
    /// on the basis they were all made on, only the applications the audit log shows written since the mark, those
    /// time alone has changed, and — for a queue service, whose applications are judged against each other — every
    /// application of a written one's queue (its organization's, that service's), judged again whatever is kept; on
    /// another basis, all of them (a full pass, a page at a time). Every list calls it before it reads. Two servers
    /// refreshing at once do the same work twice, and keep the same judgements.
    func refresh(asOf: Instant) async throws {
        let head = try await store.auditHead()
        try await refreshing.run(covering: head) { try await self.refresh(asOf: asOf, head: head) }
    }

    private func refresh(asOf: Instant, head: Int64) async throws {
        let basis = try await judgementBasis()
        guard let mark = try await store.judgementMark(module: API.judgementModule), mark.basis == basis else {
            _ = try await rebuild(batch: 2000, asOf: asOf) { _, _ in }
            return
        }
        let written = Set(try await store.applicationsChanged(after: mark.through, through: head))
        let keys = written.union(try await store.judgementsEnded(module: API.judgementModule, now: asOf.secondsSinceEpoch))
        guard !keys.isEmpty else {
            if head > mark.through { try await store.setJudgementMark(module: API.judgementModule, .init(basis: basis, through: head)) }
            return
        }
        var index = try await store.timelineJudgements(module: API.judgementModule, ofKeys: Array(keys))
        let services = try await catalog.services()
        let groups = Set(index.filter { written.contains($0.row.key) && services[$0.row.service]?.queue == true }.map { [$0.row.provider, $0.row.service] })
        var force: Set<String> = []
        if !groups.isEmpty {
            force = Set(try await store.applications(inGroups: groups))
            index += try await store.timelineJudgements(module: API.judgementModule, ofKeys: Array(force.subtracting(keys)))
        }
        _ = try await resolve(index, asOf: asOf, strict: true, force: force)
        try await store.setJudgementMark(module: API.judgementModule, .init(basis: basis, through: head))
    }

    /// `rasim findings rebuild`: every application, a page of `batch` at a time in key order, judged again where
    /// its kept judgement no longer holds (new rules, build, catalog or calendar) and kept — each page committed
    /// before the next is read, so an interrupted rebuild resumes where it stopped (what it kept holds). Done, it
    /// marks every change up to where the audit log stood when it began as taken into account (`refresh` goes on
    /// from there).
    func rebuild(batch: Int, asOf: Instant, progress: @Sendable (_ done: Int, _ total: Int) -> Void) async throws -> JudgementRebuild {
        let head = try await store.auditHead(), basis = try await judgementBasis()
        let total = try await store.countApplications()
        var outcome = JudgementRebuild(module: API.judgementModule, rules: Checks.rulesVersion)
        var after: String?
        progress(0, total)
        while true {
            let page = try await store.timelineJudgements(module: API.judgementModule, providers: nil, after: after, limit: batch)
            guard let last = page.last else { break }
            after = last.row.key
            var before: [String: [StoredFinding]] = [:]
            for (subject, f) in try await store.storedFindings(module: API.judgementModule, providers: nil, subjects: page.map(\.row.key)) {
                before[subject, default: []].append(f)
            }
            try Task.checkCancellation()
            let kept = try await resolve(page, asOf: asOf, strict: true).kept
            outcome.count(page: page.count, kept: kept, held: Set(page.filter { $0.stored != nil }.map(\.row.key)), before: before)
            progress(min(total, outcome.subjects), max(total, outcome.subjects))
        }
        try await store.setJudgementMark(module: API.judgementModule, .init(basis: basis, through: head))
        return outcome
    }

    /// Judges `rows` as of `asOf` and stores their judgements (a failure to store is not the reader's: the
    /// judgements are served, and made again next time).
    func judgeAndKeep(_ rows: [Store.ApplicationRow], basis: String, asOf: Instant,
                      strict: Bool = false) async throws -> (listed: [String: Listed], kept: [StoredJudgement]) {
        let events = try await store.events(of: rows.map(\.key))
        let apps = rows.map { ($0, events[$0.key] ?? []) }
        let (ctx, judged) = try await judgeTimelines(apps, asOf: asOf)
        var out: [String: Listed] = [:]
        var keep: [StoredJudgement] = []
        for ((row, evs), (app, judgement)) in zip(apps, judged) {
            let (terms, beyond) = try runningTerms(app, in: ctx)
            let holding: Holding
            do { holding = try Checks.holding(app, in: ctx, terms: terms, beyond: beyond) } catch { throw Self.failure(error) }
            let l = Listed(row: row, status: ApplicationStatus.of(app, terms: terms, beyond: beyond, asOf: asOf),
                           receiptDay: terms.first { $0.kind == .service }?.deadline.start,
                           due: terms.first { $0.kind == .service }?.deadline.due, codes: judgement.findings.map(\.code),
                           unjudged: judgement.beyondCalendar.map(Listed.Waiting.init), waiting: beyond.map(Listed.Waiting.init))
            out[row.key] = l
            let holdsUntil: Int64?
            switch holding {
            case .settled: holdsUntil = nil
            case .until(let t): holdsUntil = t.secondsSinceEpoch
            case .whileQueueUnchanged(let t): holdsUntil = t?.secondsSinceEpoch
            }
            keep.append(StoredJudgement(
                subject: row.key, provider: row.provider, seq: evs.last?.seq ?? 0, basis: basis, rules: Checks.rulesVersion, holdsUntil: holdsUntil,
                state: l.status.rawValue, receivedDay: l.receiptDay?.dayNumber, dueDay: l.due?.dayNumber,
                // As the application's row keeps it: its last submission event's instant.
                submitted: evs.last { $0.type == "submitted" }?.atEpoch,
                detail: l.waiting.isEmpty && l.unjudged.isEmpty ? nil
                    : JSONText.object([("unjudged", Listed.Waiting.json(l.unjudged)), ("waiting", Listed.Waiting.json(l.waiting))]),
                findings: judgement.findings.map { f in
                    StoredFinding(code: f.code, severity: f.severity.rawValue, due: f.due?.dayNumber, actual: f.actual?.dayNumber,
                                  lateWorkingDays: f.lateWorkingDays, citation: f.citation.map(\.description).joined(separator: "; "),
                                  body: FindingJSON.finding(f, trace: false, provider: row.provider))
                }))
        }
        do { try await store.putJudgements(module: API.judgementModule, keep) } catch { if strict { throw error } }
        return (out, keep)
    }

    /// A kept judgement as the lists show it (nil-free: a row this code cannot read is judged again).
    static func listed(_ row: Store.ApplicationRow, _ s: StoredJudgement) throws -> Listed {
        guard let status = ApplicationStatus(rawValue: s.state) else { throw StorageError.corrupt("judgement state \(s.state)") }
        var lists: [String: [Listed.Waiting]] = [:]
        if let detail = s.detail {
            let f = try Fields(try JSONParser.document(detail), path: "$")
            for key in ["unjudged", "waiting"] {
                lists[key] = try f.array(key).map { item in
                    let w = try Fields(item, path: "$")
                    guard let term = BeyondCalendar.Term(rawValue: try w.string("term")) else { throw StorageError.corrupt("judgement detail") }
                    return Listed.Waiting(term: term, date: try w.string("date"), coversUpTo: try w.date("coversUpTo"))
                }
            }
        }
        return Listed(row: row, status: status, receiptDay: s.receivedDay.map(LocalDate.init(dayNumber:)),
                      due: s.dueDay.map(LocalDate.init(dayNumber:)), codes: s.codes, unjudged: lists["unjudged"] ?? [], waiting: lists["waiting"] ?? [])
    }
}

/// Refreshes one at a time: a caller whose writes (up to audit entry `covering`) a running refresh already covers
/// waits for that one; otherwise it waits for it to end and starts its own — so concurrent readers do the work
/// once, and none reads a list that misses a write it has seen acknowledged.
actor RefreshGate {
    /// One gate per database in this process: the routes', the background keeper's and the platform's use cases
    /// (each its own `API`) refresh one at a time.
    static func of(_ database: Database) -> RefreshGate {
        gates.lock.withLock {
            let key = ObjectIdentifier(database)
            if let g = gates.byDatabase[key] { return g }
            let g = RefreshGate()
            gates.byDatabase[key] = g
            return g
        }
    }

    private final class Gates: @unchecked Sendable {
        let lock = NSLock()
        var byDatabase: [ObjectIdentifier: RefreshGate] = [:]
    }
    private static let gates = Gates()

    private var running: (head: Int64, n: Int, task: Task<Void, any Error>)?
    private var started = 0

    func run(covering head: Int64, _ body: @escaping @Sendable () async throws -> Void) async throws {
        while true {
            if let r = running {
                if r.head >= head { return try await r.task.value }
                _ = try? await r.task.value
                continue
            }
            started += 1
            let n = started
            // The task clears itself the moment it ends, before any waiter resumes.
            let task = Task {
                do { try await body() } catch { await self.ended(n); throw error }
                await self.ended(n)
            }
            running = (head, n, task)
            return try await task.value
        }
    }

    private func ended(_ n: Int) { if running?.n == n { running = nil } }
}
