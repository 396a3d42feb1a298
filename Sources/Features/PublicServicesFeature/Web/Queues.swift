import Foundation
import Identifiers
import LegalCore
import PublicServices
import SQLKit
import Storage
import WebKit
import WorkCalendar

/// What each person works on first. A registrar: what arrived and is not yet registered (registration is due on
/// the receipt day). An executor: what is assigned to them. A signer: what waits for a decision they may sign.
/// Internal control: the week's violations. A head also sees what nobody works on yet. Everyone else: every open
/// application. Each queue is ordered by what expires first — today, the next working day, then what is overdue,
/// then the rest by due day.
enum WorkQueue: String, CaseIterable, Sendable {
    case registration, mine, signature, week, unassigned, open

    /// The queue a role starts its day with.
    static func of(_ role: Role) -> WorkQueue {
        switch role {
        case .registrar: return .registration
        case .executor: return .mine
        case .signer: return .signature
        case .internalControl: return .week
        default: return .open
        }
    }

    /// The queues a role may open in the register (its own, and the general one).
    static func offered(_ role: Role) -> [WorkQueue] {
        var out = [of(role)]
        if role == .signer || role == .admin { out.append(.unassigned) }
        if !out.contains(.open) { out.append(.open) }
        return out
    }

    /// Today first, then the next working day, then what is overdue, then the rest.
    static func rank(_ s: ApplicationStatus) -> Int {
        switch s {
        case .dueToday: return 0
        case .dueNext: return 1
        case .overdue: return 2
        case .open: return 3
        case .beyondCalendar: return 4
        default: return 5
        }
    }
}

extension Store {
    /// The keys of the applications (of `providers`; all when nil) that have no `registered` event.
    func unregisteredApplications(providers: [String]?) async throws -> Set<String> {
        if let providers, providers.isEmpty { return [] }
        return try await database.read { db in
            var sql: SQLQueryString = """
                SELECT a.id FROM applications a WHERE NOT EXISTS \
                (SELECT 1 FROM events e WHERE e.application = a.id AND e.type = 'registered')
                """
            if let providers { sql.appendLiteral(" AND a.provider IN ("); sql.appendInterpolation(binds: providers); sql.appendLiteral(")") }
            return Set(try await db.raw(sql).all().map { try $0.decode(column: "id", as: String.self) })
        }
    }
}

/// The queues, computed from the kept judgements: what the dashboard, the register and the reminders list.
struct WorkQueues: Sendable {
    let store: Store
    let catalog: Catalog
    let calendar: KazakhCalendar

    /// `items` (the viewer's visible applications) as the queue `q` of the viewer, ordered by what expires first. In
    /// the registration queue an item's due day and state are its registration's (the receipt day).
    func queue(_ q: WorkQueue, _ id: Identity, items: [Listed], today: LocalDate) async throws -> [Listed] {
        var out: [Listed]
        switch q {
        case .open:
            out = items.filter { $0.status.isOpen }
        case .registration:
            let waiting = try await store.unregisteredApplications(providers: id.visibleOrganizations)
            let next = try? calendar.addWorkingDays(today, 1)
            let unregistered = items.filter { waiting.contains($0.row.key) && !$0.status.isDecided }
            // Registration is due on the receipt day: the day of submission, or the next working day when it came
            // after hours (the provider's schedule and zone).
            let submissions = try await store.events(of: unregistered.map(\.row.key))
            let services = try await catalog.services()
            out = try unregistered.map { l in
                var l = l
                if let first = submissions[l.row.key]?.first, let passport = services[l.row.service] {
                    let zone = try calendar.zones.resolve(passport.schedule.timeZone)
                    l.receiptDay = try? calendar.receiptDay(seconds: first.atEpoch, zone: zone, closeMinutes: passport.schedule.close.minutes)
                }
                l.due = l.receiptDay
                if let day = l.receiptDay {
                    l.status = day < today ? .overdue : day == today ? .dueToday : day == next ? .dueNext : .open
                }
                return l
            }
        case .mine:
            let assignees = try await store.currentAssignees()
            out = items.filter { $0.status.isOpen && assignees[$0.row.key] == id.user.username }
        case .unassigned:
            let assignees = try await store.currentAssignees()
            out = items.filter { $0.status.isOpen && assignees[$0.row.key] == nil }
        case .signature:
            guard let official = id.user.official, let signer = try await catalog.officials()[official],
                  let organization = try await catalog.officialOrganizations()[official] else { return [] }
            out = items.filter { $0.status.isOpen && $0.row.provider == organization && signer.maySign.contains($0.row.service) }
        case .week:
            // Violations whose term fell due in the last seven days (the application's service term).
            let since = today.adding(days: -7)
            out = items.filter { l in
                guard l.findingCount > 0, let day = l.due ?? l.receiptDay else { return false }
                return day >= since && day <= today
            }
        }
        return out.sorted {
            (WorkQueue.rank($0.status), $0.due ?? .maximum, $0.row.id) < (WorkQueue.rank($1.status), $1.due ?? .maximum, $1.row.id)
        }
    }
}

extension PublicServicesPages {
    var queues: WorkQueues { WorkQueues(store: store, catalog: catalog, calendar: calendar) }

    func queue(_ q: WorkQueue, _ v: Viewer, items: [Listed], today: LocalDate) async throws -> [Listed] {
        try await queues.queue(q, v.id, items: items, today: today)
    }

    /// The heads' view of their executors: each executor of the viewer's organizations with how many open
    /// applications are theirs and how many of those are overdue (the register link lists them); and how many open
    /// ones nobody works on. Queries: the open ones counted, the assigned ones' states read.
    func executorLoad(_ v: Viewer) async throws -> (load: [[String: Any]], unassigned: Int) {
        let assignees = try await store.currentAssignees()
        let executors = try await assignableUsers(v)
        var open = KeptFilter(providers: v.id.visibleOrganizations)
        open.states = Status.allCases.filter(\.isOpen).map(\.rawValue)
        let allOpen = try await store.keptCount(module: API.judgementModule, open)
        open.subjects = assignees.keys.sorted()
        var openBy: [String: Int] = [:], overdueBy: [String: Int] = [:]
        var assignedOpen = 0
        for chunk in stride(from: 0, to: open.subjects!.count, by: 500) {
            var f = open
            f.subjects = Array(open.subjects![chunk..<min(chunk + 500, open.subjects!.count)])
            for t in try await store.keptPage(module: API.judgementModule, f, order: .receivedLatest, offset: 0, limit: 500) {
                guard let who = assignees[t.row.key], let state = t.stored?.state else { continue }
                assignedOpen += 1
                openBy[who, default: 0] += 1
                if state == Status.overdue.rawValue { overdueBy[who, default: 0] += 1 }
            }
        }
        let load: [[String: Any]] = executors.map { u in
            ["username": u.username, "open": openBy[u.username] ?? 0, "overdue": overdueBy[u.username] ?? 0,
             "href": "/applications?queue=open&assignee=" + (u.username.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? u.username)]
        }
        return (load, allOpen - assignedOpen)
    }

    /// The active executors who work for an organization the viewer sees (or for all of them).
    func assignableUsers(_ v: Viewer, provider: String? = nil) async throws -> [Store.User] {
        let visible = v.id.visibleOrganizations.map(Set.init)
        return try await store.users().filter { u in
            guard u.passwordHash != Store.disabledPasswordHash, let role = kit.permissions.roles.role(u.role), Assignments.assignable.contains(role) else { return false }
            if kit.permissions.roles.seesAllOrganizations(role) { return true }
            if let provider { return u.organizations.contains(provider) }
            return visible.map { !$0.isDisjoint(with: u.organizations) } ?? true
        }
    }

    /// Organizations by how their applications fare — the inspector's first look at where to go: findings per
    /// hundred applications, then overdue ones; each links to its register. One grouped query.
    func bodiesByRisk(_ visible: KeptFilter, _ orgs: [String: String]) async throws -> [[String: Any]] {
        let rows = try await store.keptByProvider(module: API.judgementModule, visible, overdue: Status.overdue.rawValue,
                                                  open: Status.allCases.filter(\.isOpen).map(\.rawValue), except: FindingCode.deadlineApproaching.rawValue)
        return rows.map { (r: $0, rate: Double($0.findings) * 100 / Double(max(1, $0.subjects))) }
            .sorted { ($1.rate, $1.r.overdue, $0.r.provider) < ($0.rate, $0.r.overdue, $1.r.provider) }
            .map { x in
                let id = x.r.provider
                return ["name": orgs[id] ?? id, "href": "/applications?provider=" + (id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? id),
                        "applications": x.r.subjects, "findings": x.r.findings, "overdue": x.r.overdue, "open": x.r.open,
                        "rate": Int(x.rate.rounded())]
            }
    }

    /// An applicant's IIN or BIN typed into the search: nil when `text` is not one (a number or a name is looked
    /// up as typed), else whether it is valid — a number of 12 digits that is neither a valid IIN nor a valid BIN
    /// is refused with the IIN check's reason, in the reader's language.
    static func identifierProblem(_ text: String, _ lang: Language) -> String? {
        guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber), text.count >= 10 else { return nil }
        if case .success = Identifiers.validateIIN(text) { return nil }
        if case .success = Identifiers.validateBIN(text) { return nil }
        guard case .failure(let p) = Identifiers.validateIIN(text) else { return nil }
        return lang == .ru ? p.message.ru : lang == .en ? p.message.en : p.message.kk
    }
}

extension ApplicationStatus {
    var isDecided: Bool { self == .result || self == .refused }
}
