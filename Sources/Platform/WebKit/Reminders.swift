import Foundation
import LegalCore
import WorkCalendar

/// What a person is reminded of: every feature's dated work for them (`WebFeature.reminders`) that is overdue, due
/// today or due the next working day — the notifications page, the badge beside it in the menu, and the daily
/// e-mail digest (`rasim notify`) all read this.
public struct Reminders: Sendable {
    public enum State: String, Sendable, CaseIterable { case dueToday = "due_today", dueNext = "due_next", overdue }
    public struct Item: Sendable {
        /// The section's title (the act's or the queue's), in the reader's language.
        public var section: String
        public var state: State
        public var duty: DashboardSection.Duty
    }
    public var today: LocalDate
    public var nextWorkingDay: LocalDate?
    /// Today's first, then the next working day's, then the overdue (oldest first).
    public var items: [Item]
    /// Sections that could not be made (their titles): said, not hidden.
    public var failed: [String]
    /// What expires today or the next working day (the badge).
    public var soon: Int { items.filter { $0.state != .overdue }.count }

    public init(today: LocalDate, nextWorkingDay: LocalDate?, sections: [Result<DashboardSection?, any Error>], failedTitle: String) {
        self.today = today; self.nextWorkingDay = nextWorkingDay
        var items: [Item] = [], failed: [String] = []
        for s in sections {
            switch s {
            case .failure: failed.append(failedTitle)
            case .success(nil): continue
            case .success(let section?):
                for d in section.duties {
                    let state: State? = d.due < today ? .overdue : d.due == today ? .dueToday : d.due == nextWorkingDay ? .dueNext : nil
                    if let state { items.append(Item(section: section.title, state: state, duty: d)) }
                }
            }
        }
        let order: [State: Int] = [.dueToday: 0, .dueNext: 1, .overdue: 2]
        self.items = items.sorted { (order[$0.state]!, $0.duty.due, $0.duty.href) < (order[$1.state]!, $1.duty.due, $1.duty.href) }
        self.failed = failed
    }
}

/// Each signed-in user's badge count, made at most once a minute per user (it costs what a dashboard costs).
public final class ReminderBadges: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: (count: Int, until: Int64)] = [:]
    static let lifetime: Int64 = 60
    public init() {}
    func fresh(_ user: String, now: Int64) -> Bool { lock.withLock { (counts[user]?.until ?? 0) > now } }
    func set(_ user: String, _ count: Int, now: Int64) {
        lock.withLock {
            if counts.count > 10_000 { counts.removeAll() }
            counts[user] = (count, now + Self.lifetime)
        }
    }
    func count(_ user: String) -> Int? { lock.withLock { counts[user]?.count } }
    /// Forgets a user's count (after a write that changes what they are reminded of).
    public func forget(_ user: String) { lock.withLock { counts[user] = nil } }
}
