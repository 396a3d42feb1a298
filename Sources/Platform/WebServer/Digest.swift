import Foundation
import LegalCore
import Storage
import WebKit

/// The daily e-mail digest: to each active user with an address (`Store.setEmail`), what the notifications page shows
/// them — what expires today, the next working day, and what is overdue — in their language, one message each. A
/// user with nothing to be reminded of gets no mail.
public enum Digest {
    public struct Outcome: Sendable {
        public var sent: [String] = []
        /// Users with an address and nothing to be reminded of.
        public var nothing: [String] = []
        /// Active users without an address.
        public var noAddress: [String] = []
        /// A user whose mail could not be sent, and why (the others are still sent).
        public var failed: [(user: String, reason: String)] = []
    }

    /// Sends the digest through `deliver` (an SMTP relay, or the command's dry run): `deliver(to, message)`.
    public static func run(server: RasimServer, store: Store, from: String,
                           deliver: @Sendable (String, String) async throws -> Void) async throws -> Outcome {
        let emails = try await store.emails()
        let i18n = try RasimServer.translations(features: server.features)
        var out = Outcome()
        for user in try await store.users() where user.passwordHash != Store.disabledPasswordHash {
            guard let to = emails[user.id] else { out.noAddress.append(user.username); continue }
            guard let (lang, r) = try await server.reminders(for: user) else { continue }
            guard !r.items.isEmpty else { out.nothing.append(user.username); continue }
            let (subject, body) = text(user: user.username, lang: lang, r, i18n)
            let message = MailMessage.compose(from: from, to: to, subject: subject, body: body, date: Date(), id: UUID().uuidString.lowercased())
            do {
                try await deliver(to, message)
                out.sent.append(user.username)
            } catch {
                out.failed.append((user.username, "\(error)"))
            }
        }
        return out
    }

    /// The message's subject and text in `lang`: a line per reminder, grouped today / next working day / overdue.
    static func text(user: String, lang: Language, _ r: Reminders, _ i18n: I18n) -> (subject: String, body: String) {
        let count = { (s: Reminders.State) in String(r.items.filter { $0.state == s }.count) }
        let subject = i18n.t("digest_subject", lang, ["date": i18n.longDate(r.today, lang), "today": count(.dueToday), "next": count(.dueNext),
                                                       "overdue": count(.overdue)])
        var lines = [i18n.t("digest_greeting", lang, ["user": user]), ""]
        for state in Reminders.State.allCases {
            let items = r.items.filter { $0.state == state }
            guard !items.isEmpty else { continue }
            lines.append(i18n.t("notifications_\(state.rawValue)", lang) + " (\(items.count)):")
            for i in items { lines.append("• " + i18n.longDate(i.duty.due, lang) + " — " + i.duty.what + " (" + i.duty.organization + "); " + i.section) }
            lines.append("")
        }
        lines.append(i18n.t("digest_footer", lang))
        return (subject, lines.joined(separator: "\n"))
    }
}
