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
    /// applications are theirs and how many of those are overdue (the register link lists them).
    func executorLoad(_ v: Viewer, items: [Listed]) async throws -> [[String: Any]] {
        let assignees = try await store.currentAssignees()
        let executors = try await assignableUsers(v)
        var open: [String: Int] = [:], overdue: [String: Int] = [:]
        for l in items where l.status.isOpen {
            guard let who = assignees[l.row.key] else { continue }
            open[who, default: 0] += 1
            if l.status == .overdue { overdue[who, default: 0] += 1 }
        }
        return executors.map { u in
            ["username": u.username, "open": open[u.username] ?? 0, "overdue": overdue[u.username] ?? 0,
             "href": "/applications?queue=open&assignee=" + (u.username.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? u.username)]
        }
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
    /// hundred applications, then overdue ones; each links to its register.
    func bodiesByRisk(_ items: [Listed], _ orgs: [String: String]) -> [[String: Any]] {
        struct Tally { var applications = 0, findings = 0, overdue = 0, open = 0 }
        var t: [String: Tally] = [:]
        for l in items {
            t[l.row.provider, default: Tally()].applications += 1
            t[l.row.provider]!.findings += l.findingCount
            if l.status == .overdue { t[l.row.provider]!.overdue += 1 }
            if l.status.isOpen { t[l.row.provider]!.open += 1 }
        }
        return t.map { (id: $0.key, t: $0.value, rate: Double($0.value.findings) * 100 / Double(max(1, $0.value.applications))) }
            .sorted { ($1.rate, $1.t.overdue, $0.id) < ($0.rate, $0.t.overdue, $1.id) }
            .map { r in
                ["name": orgs[r.id] ?? r.id, "href": "/applications?provider=" + (r.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? r.id),
                 "applications": r.t.applications, "findings": r.t.findings, "overdue": r.t.overdue, "open": r.t.open,
                 "rate": Int(r.rate.rounded())]
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
