import Foundation
import Hummingbird
import LegalCore
import Storage
import WorkCalendar

/// What the server hands a feature's routes: the store, the calendar, the assembled permissions (`authorize`
/// checks a route against them) and, unless the server runs without pages, the page kit every page renders with.
public struct WebPlatform: Sendable {
    public let store: Store
    public let calendar: KazakhCalendar
    public let permissions: Permissions
    public let pages: PageKit?
    public init(store: Store, calendar: KazakhCalendar, permissions: Permissions, pages: PageKit?) {
        self.store = store; self.calendar = calendar; self.permissions = permissions; self.pages = pages
    }
    /// The caller, when their role may call `route` (401/403 otherwise).
    public func authorize(_ route: RouteID, _ ctx: AppContext) throws -> Identity { try permissions.require(route, ctx) }
}

/// "Today" as the workspace shows it: the server's clock in the capital's zone (every page's "today"; a provider's
/// own zone is used for its records' instants).
public enum Today {
    public static let zone = ZoneTable.capital

    public static func of(_ calendar: KazakhCalendar) throws -> (asOf: Instant, day: LocalDate) {
        let now = Clock.nowEpoch()
        let zone = try calendar.zones.resolve(zone)
        // Past the calendar's last day the zone table ends too: today is still today (UTC+5), and every term
        // waits for the calendar (each shown as such).
        let day = (try? calendar.localDay(seconds: now, zone: zone)) ?? Instant(secondsSinceEpoch: now).localDate(offsetSeconds: 5 * 3600)
        return (Instant(secondsSinceEpoch: now), day)
    }
}

/// An act's part of the server. The server assembles them: the role matrix from `permissions`, `/openapi.json`
/// from `operations` and `schemas`, the translation tables, the templates and the navigation from theirs,
/// then asks each to register its routes. The platform names no feature; the executable lists them.
public protocol WebFeature: Sendable {
    /// The roles it adds for the people its act concerns (their names: `role_<id>` in its translations).
    /// Demo logins for the roles it declares (`DemoLogin`).
    var demoLogins: [DemoLogin] { get }
    var roles: [RoleDeclaration] { get }
    /// Its routes and the roles that may call them.
    var permissions: [RoutePermission] { get }
    /// Its documented JSON routes and the schemas they name.
    var operations: [APIOperation] { get }
    var schemas: [(String, String)] { get }
    /// Its translations (keys no other part gives), its page templates by name, its navigation links.
    var translations: [Language: [String: String]] { get }
    var templates: [String: String] { get }
    var navigation: [NavItem] { get }
    /// Registers the JSON routes under `api` (`/api/v1`) and, when `platform.pages` is set, the pages on `root`.
    func register(api: RouterGroup<AppContext>, root: Router<AppContext>, platform: WebPlatform)
    /// Its dated duties the viewer answers for, for the dashboard (nil: none for this viewer).
    func dashboard(_ v: Viewer, _ ctx: DashboardContext) async throws -> DashboardSection?
    /// What the viewer is reminded of (the notifications page, its badge and the daily e-mail digest): by default
    /// the dashboard's section; a feature whose dashboard lists its work otherwise (a queue) gives that here.
    func reminders(_ v: Viewer, _ ctx: DashboardContext) async throws -> DashboardSection?
    /// Brings the findings it keeps (`Store.putJudgements`) up to date, before another act reads them (the risk
    /// assessment reads every act's findings that cite its criteria).
    func keepJudgementsCurrent(_ ctx: DashboardContext) async throws
    /// Judges again, in pages of `batch`, every subject whose kept judgement no longer holds, reporting
    /// `progress(module, done, total)` after each page (`rasim findings rebuild`); nil when it keeps no judgements.
    func rebuildJudgements(_ ctx: DashboardContext, batch: Int, progress: @escaping @Sendable (String, Int, Int) -> Void) async throws -> JudgementRebuild?
}

extension WebFeature {
    /// No roles of its own.
    public var roles: [RoleDeclaration] { [] }
    /// No demo logins of its own.
    public var demoLogins: [DemoLogin] { [] }
    /// Nothing on the dashboard.
    public func dashboard(_ v: Viewer, _ ctx: DashboardContext) async throws -> DashboardSection? { nil }
    /// The dashboard's section.
    public func reminders(_ v: Viewer, _ ctx: DashboardContext) async throws -> DashboardSection? { try await dashboard(v, ctx) }
    /// Keeps none.
    public func keepJudgementsCurrent(_ ctx: DashboardContext) async throws {}
    /// Keeps none: judged on every read.
    public func rebuildJudgements(_ ctx: DashboardContext, batch: Int, progress: @escaping @Sendable (String, Int, Int) -> Void) async throws -> JudgementRebuild? { nil }
}

/// A login the demo data set creates (password: the demo's published one): the platform's one per role, and one
/// per role a feature declares, so that a newcomer can see the workspace as each of its users.
public struct DemoLogin: Sendable {
    public let username: String
    public let role: Role
    /// The official a signer signs as.
    public var official: String? = nil
    /// Its organizations; nil: the demo's usual two (none for a role that sees every organization).
    public var organizations: [String]? = nil
    public init(username: String, role: Role, official: String? = nil, organizations: [String]? = nil) {
        self.username = username; self.role = role; self.official = official; self.organizations = organizations
    }
}

extension PageKit {
    /// A calendar entry's legal sources in the viewer's words: each source's title from the translation tables
    /// (`calendar_source_<id>`, its full description `calendar_source_<id>_detail`), else the text the calendar data
    /// gives it (an administrator's own source), with its adilet.zan.kz document linked in the page's language.
    public func calendarSources(_ ids: [String], _ calendar: KazakhCalendar, _ lang: Language) -> [[String: Any]] {
        ids.map { id in
            let data = calendar.sources[id] ?? id
            let title = i18n.tables[lang]?["calendar_source_" + id] ?? data
            var v: [String: Any] = ["title": title, "detail": i18n.tables[lang]?["calendar_source_\(id)_detail"] ?? title]
            if let m = data.firstMatch(of: /adilet ([A-Z0-9_]+)/) {
                v["adilet"] = String(m.1)
                v["url"] = "https://adilet.zan.kz/\(lang == .ru ? "rus" : "kaz")/docs/\(m.1)"
            }
            return v
        }
    }

    /// How a deadline was counted, as the platform partial `term_trace` shows it: the counting conventions with their
    /// citations, and every day from the one after the start through the due day — its weekday, kind, ordinal in the
    /// term (or "—" when skipped), holiday name and legal sources — and whether any day rests on an unconfirmed entry.
    /// The deadline must be counted with `detailed: true`.
    public func deadlineTrace(_ deadline: Deadline, _ calendar: KazakhCalendar, _ lang: Language) -> [String: Any] {
        var trace: [String: Any] = [
            "conventions": deadline.conventions.map { ["text": I18n.pick($0.statement, lang), "citations": $0.citations.map { citation($0, lang) }.joined(separator: "; "), "reading": $0.isReading] },
            "days": deadline.days.map { d -> [String: Any] in
                // Every key set, even when empty: a missing one would be looked up in the enclosing contexts (a term's
                // own "name", the trace's "unconfirmed").
                ["date": date(d.date, lang), "weekday": i18n.t("weekday_\(d.date.isoWeekday)", lang),
                 "kind": i18n.t("day_kind_\(d.kind.rawValue)", lang), "kind_class": d.kind.rawValue,
                 "counted": d.counted.map { $0 as Any } ?? false, "name": d.name.map { i18n.localDates(in: I18n.pick($0, lang), lang) } ?? "",
                 "sources": calendarSources(d.sourceIDs, calendar, lang), "unconfirmed": !d.confirmed]
            },
        ]
        trace.put("unconfirmed", deadline.restsOnUnconfirmedDays ? true : nil)
        return trace
    }

    /// A citation in the viewer's words where its place is written in English in the kernel (`citation <description>`
    /// in the tables: "CIVIL-CODE-1994 Ch. 6 (calculation of terms)"), else as it is.
    public func citation(_ c: Citation, _ lang: Language) -> String {
        if let text = i18n.tables[lang]?["citation " + c.description] { return text }
        return c.act.rawValue + " " + Self.place(c.place, lang)
    }

    /// A citation's place as the acts write it ("Stage III case 12", "App.1 #15", "§6 item 3", "Art. 5") in the
    /// reader's words; a place of another form stays as written.
    public static func place(_ place: String, _ lang: Language) -> String {
        guard lang != .en else { return place }
        let kk = lang == .kk
        let rules: [(String, (String, String) -> String)] = [
            (#"^Stage (I{1,3}) case (\d+)$"#, { a, b in kk ? "\(a) кезең, \(b)-жағдай" : "этап \(a), случай \(b)" }),
            (#"^Stage (I{1,3}) recommendations$"#, { a, _ in kk ? "\(a) кезең, ұсынымдар" : "этап \(a), рекомендации" }),
            (#"^App\.(\d+) #(\d+)$"#, { a, b in kk ? "\(a)-қосымша, \(b)-тармақ" : "прил. \(a), п. \(b)" }),
            (#"^App\.(\d+) §([\d.-]+)$"#, { a, b in kk ? "\(a)-қосымша, \(b)-тармақ" : "прил. \(a), п. \(b)" }),
            (#"^App\.(\d+)$"#, { a, _ in kk ? "\(a)-қосымша" : "приложение \(a)" }),
            (#"^§([\d.-]+) item (\d+)$"#, { a, b in kk ? "\(a)-тармақ, \(b)-тармақша" : "п. \(a), пп. \(b)" }),
            (#"^§([\d.-]+)$"#, { a, _ in kk ? "\(a)-тармақ" : "п. \(a)" }),
            (#"^Art\. ([\d.-]+)$"#, { a, _ in kk ? "\(a)-бап" : "ст. \(a)" }),
        ]
        for (pattern, word) in rules {
            guard let re = try? NSRegularExpression(pattern: pattern),
                  let m = re.firstMatch(in: place, range: NSRange(place.startIndex..., in: place)) else { continue }
            func group(_ i: Int) -> String {
                guard i < m.numberOfRanges, let r = Range(m.range(at: i), in: place) else { return "" }
                return String(place[r])
            }
            return word(group(1), group(2))
        }
        return place
    }

    /// A calendar entry's note in the viewer's words: the calendar's own note on that date
    /// (`calendar_note_<date>`), an administrator's confirmation or override (their own text stays as written).
    public func calendarNote(_ day: DayInfo, _ lang: Language) -> String? {
        guard let note = day.note else { return nil }
        switch day.noteOrigin {
        case .data?: return i18n.tables[lang]?["calendar_note_\(day.date)"] ?? note
        case .confirmation?: return i18n.t("calendar_note_confirmed", lang)
        case .override?: return note == "administrator's override" ? i18n.t("calendar_note_override", lang) : note
        case nil: return note
        }
    }
}
