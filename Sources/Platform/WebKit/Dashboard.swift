import LegalCore
import Storage
import WorkCalendar

/// A feature's part of the dashboard: its dated duties the viewer answers for, soonest first, beside every other
/// act's terms — so that a person who works under several acts sees in one place what expires today.
/// (The dashboard's page belongs to the feature that lists it; every feature's section is handed to it through
/// `PageKit.dashboardSections`.)
public struct DashboardSection: Sendable {
    /// A duty as the dashboard shows it, in the viewer's language.
    public struct Duty: Sendable {
        public var due: LocalDate
        public var what: String
        /// The organization it concerns (its name).
        public var organization: String
        /// Where to see and do it.
        public var href: String
        public var citation: [Citation]
        public init(due: LocalDate, what: String, organization: String, href: String, citation: [Citation]) {
            self.due = due; self.what = what; self.organization = organization; self.href = href; self.citation = citation
        }
    }
    /// The act's id (the section's anchor: `duties-<act>`).
    public var act: ActID
    /// The section's heading, in the viewer's language.
    public var title: String
    public var duties: [Duty]
    /// The act's own page, where all of them are.
    public var href: String
    public init(act: ActID, title: String, duties: [Duty], href: String) {
        self.act = act; self.title = title; self.duties = duties; self.href = href
    }

    /// How far ahead a section lists running duties (overdue ones always): a month, so that a quarterly or
    /// half-yearly duty shows up while there is still time to do it.
    public static let horizonDays = 31
}

/// What a feature reads to make its section: the store, the calendar, the translations, today in the capital.
public struct DashboardContext: Sendable {
    public let store: Store
    public let calendar: KazakhCalendar
    public let i18n: I18n
    public let today: LocalDate
    /// The role × route matrix (a feature's use cases take it).
    public let permissions: Permissions
    public init(store: Store, calendar: KazakhCalendar, i18n: I18n, today: LocalDate, permissions: Permissions) {
        self.store = store; self.calendar = calendar; self.i18n = i18n; self.today = today; self.permissions = permissions
    }
}

extension PageKit {
    /// Every feature's dashboard section for the viewer, as the `dashboard_duties` partial shows them: each duty's
    /// state against today (overdue, due today, due the next working day, running) as the public-service terms
    /// have it; a section that cannot be made says so instead of breaking the page.
    public func dashboardDuties(_ v: Viewer, today: LocalDate, store: Store, calendar: KazakhCalendar) async -> [[String: Any]] {
        let nextWorkingDay = try? calendar.addWorkingDays(today, 1)
        var out: [[String: Any]] = []
        for section in await dashboardSections(v, DashboardContext(store: store, calendar: calendar, i18n: i18n, today: today, permissions: permissions)) {
            guard case .success(let made) = section else {
                out.append(["title": i18n.t("dashboard_duties_failed", v.lang), "failed": true])
                continue
            }
            guard let s = made else { continue }
            out.append([
                "act": s.act.rawValue, "title": s.title, "href": s.href, "count": s.duties.count, "empty": s.duties.isEmpty,
                "count_overdue": s.duties.filter { $0.due < today }.count,
                "duties": s.duties.map { d -> [String: Any] in
                    let (state, label) = d.due < today ? ("overdue", i18n.t("duty_state_overdue", v.lang))
                        : d.due == today ? ("due_today", i18n.t("duty_state_due_today", v.lang))
                        : d.due == nextWorkingDay ? ("due_next", i18n.t("duty_state_due_next", v.lang)) : ("open", i18n.t("duty_state_open", v.lang))
                    return ["due": date(d.due, v.lang), "state": state, "status": label, "what": d.what,
                            "organization": d.organization, "href": d.href, "citation": d.citation.map { citation($0, v.lang) }.joined(separator: "; ")]
                },
            ])
        }
        return out
    }
}
