import LegalCore

/// Every message of PS-VIOLATIONS-2025's findings, by code (and the variant a code words differently), in
/// Kazakh, Russian and English — written here once, read side by side (issue 13). The checks fill the slots;
/// a test checks that every language of every message fills the same slots.
enum Message: String, CaseIterable, Sendable {
    case routingFailure, lateRegistration, neverRegistered, notRecordedInMonitoring
    case documentsFromSystemsDemanded, excessDocuments, paymentForFreeService
    case refusalTermBreach, incompletePackageServed, outOfQueue
    case termBreach, termOverdue, deadlineApproaching
    case refusalWithoutReasons, refusalNamesNoListedGround, refusalUnfounded, refusalWithoutHearing
    case signerNotAllowed, signerAbsent, complaintAnsweredLate, complaintUnanswered

    var code: FindingCode {
        switch self {
        case .routingFailure: return .routingFailure
        case .lateRegistration, .neverRegistered: return .lateRegistration
        case .notRecordedInMonitoring: return .notRecordedInMonitoring
        case .documentsFromSystemsDemanded: return .documentsFromSystemsDemanded
        case .excessDocuments: return .excessDocuments
        case .paymentForFreeService: return .paymentForFreeService
        case .refusalTermBreach: return .refusalTermBreach
        case .incompletePackageServed: return .incompletePackageServed
        case .outOfQueue: return .outOfQueue
        case .termBreach, .termOverdue: return .termBreach
        case .deadlineApproaching: return .deadlineApproaching
        case .refusalWithoutReasons, .refusalNamesNoListedGround: return .refusalWithoutReasons
        case .refusalUnfounded: return .refusalUnfounded
        case .refusalWithoutHearing: return .refusalWithoutHearing
        case .signerNotAllowed, .signerAbsent: return .unauthorizedSignature
        case .complaintAnsweredLate, .complaintUnanswered: return .complaintTermBreach
        }
    }

    /// The message with its slots filled.
    func text(_ values: [String: MessageTemplate.Value]) -> LocalizedText { template.render(values) }

    var template: MessageTemplate {
        switch self {
        case .routingFailure: return MessageTemplate(
            kk: "Электрондық өтініш {sent} жіберілген, бірақ көрсетілетін қызметті берушінің жүйесіне түспеген: өтініш берушіге қайта беру мүмкіндігі берілуі тиіс.",
            ru: "Электронное заявление отправлено {sent}, но не поступило в систему услугодателя: заявителю должна быть предоставлена возможность подать его повторно.",
            en: "The electronic application was sent at {sent} but never reached the provider's system: the applicant should be given access to re-apply.")
        case .lateRegistration: return MessageTemplate(
            kk: "Өтініш {received} түскен, бірақ {registered} ғана тіркелген: {late} жұмыс күніне кешіктірілген (қызмет көрсету тәртібін бұзу).",
            ru: "Заявление поступило {received}, но зарегистрировано только {registered}: с опозданием на {late} раб. дн. (нарушение порядка оказания услуги).",
            en: "Received on {received} but registered only on {registered}: {late} working day(s) late (a breach of the order of delivery).")
        case .neverRegistered: return MessageTemplate(
            kk: "Өтініш {received} түскен, бірақ {asOf} дейін тіркелмеген: {late} жұмыс күні тіркеусіз (қызмет көрсету тәртібін бұзу).",
            ru: "Заявление поступило {received}, но по {asOf} не зарегистрировано: {late} раб. дн. без регистрации (нарушение порядка оказания услуги).",
            en: "Received on {received} but not registered by {asOf}: {late} working day(s) without registration (a breach of the order of delivery).")
        case .notRecordedInMonitoring: return MessageTemplate(
            kk: "Қағаз өтініш ({received} түскен) мониторинг ақпараттық жүйесіне енгізілмеген: өтініш беруші оның мәртебесін бақылай алмайды.",
            ru: "Бумажное заявление (поступило {received}) не внесено в информационную систему мониторинга: заявитель не может отслеживать его статус.",
            en: "The paper application (received {received}) was never entered in the monitoring information system: the applicant cannot follow its status.")
        case .documentsFromSystemsDemanded: return MessageTemplate(
            kk: "{when} өтініш берушіден ақпараттық жүйелерден алынуы тиіс құжаттар талап етілген: {list}.",
            ru: "{when} у заявителя затребованы документы, которые услугодатель получает из информационных систем: {list}.",
            en: "At {when} the applicant was asked for documents the provider must obtain from information systems: {list}.")
        case .excessDocuments: return MessageTemplate(
            kk: "{when} қағидаларда көзделмеген құжаттар талап етілген: {list}.",
            ru: "{when} затребованы документы, не предусмотренные правилами: {list}.",
            en: "At {when} documents the rules do not require were demanded: {list}.")
        case .paymentForFreeService: return MessageTemplate(
            kk: "Тегін қызмет үшін {when} ақы талап етілген{amount}.",
            ru: "За бесплатную услугу {when} потребована плата{amount}.",
            en: "Payment{amount} was demanded at {when} for a free service.")
        case .refusalTermBreach: return MessageTemplate(
            kk: "Құжаттар толық болмағандықтан қараудан бас тарту {due} кешіктірмей ({term}) берілуі тиіс еді, бірақ {actual} берілді: {late} жұмыс күніне кешіктірілген.",
            ru: "Отказ в рассмотрении из-за неполного пакета должен был быть дан не позднее {due} ({term}), но дан {actual}: с опозданием на {late} раб. дн.",
            en: "The refusal to consider an incomplete package was due by {due} ({term}) but came on {actual}: {late} working day(s) late.")
        case .incompletePackageServed: return MessageTemplate(
            kk: "Нәтиже {when} құжаттар топтамасы толық болмай берілген; жоқ құжаттар: {list}.",
            ru: "Результат выдан {when} при неполном пакете документов; отсутствуют: {list}.",
            en: "The result was issued at {when} on an incomplete package; missing: {list}.")
        case .outOfQueue: return MessageTemplate(
            kk: "Кезектегі №{position} өтініш берушіге нәтиже {when} берілген, ал кезекте алдында тұрған {count} өтініш әлі күтуде: {list}.",
            ru: "Результат выдан заявителю №{position} в очереди {when}, когда ещё ждали стоявшие впереди (всего {count}): {list}.",
            en: "The result went to queue position #{position} at {when} while {count} applicant(s) ahead still waited: {list}.")
        case .termBreach: return MessageTemplate(
            kk: "{what} {due} кешіктірмей ({term}, {received} бастап) берілуі тиіс еді, бірақ {actual} берілді: {late} жұмыс күніне кешіктірілген.",
            ru: "{what} должен был быть выдан не позднее {due} ({term} с {received}), но выдан {actual}: с опозданием на {late} раб. дн.",
            en: "{what} was due by {due} ({term} from {received}) but was given on {actual}: {late} working day(s) late.")
        case .termOverdue: return MessageTemplate(
            kk: "Нәтиже {due} кешіктірмей ({term}) берілуі тиіс еді, бірақ {asOf} күнге дейін берілмеген: {late} жұмыс күні өтті.",
            ru: "Результат должен был быть выдан не позднее {due} ({term}), но на {asOf} не выдан: просрочка {late} раб. дн.",
            en: "The result was due by {due} ({term}) and is still not given on {asOf}: {late} working day(s) overdue.")
        case .deadlineApproaching: return MessageTemplate(
            kk: "Мерзім {when} аяқталады ({due}): нәтиже әлі берілмеген.",
            ru: "Срок истекает {when} ({due}): результат ещё не выдан.",
            en: "The term ends {when} ({due}); no result yet.")
        case .refusalWithoutReasons: return MessageTemplate(
            kk: "{when} берілген бас тартуда нақты негіздер көрсетілмеген.",
            ru: "В отказе, выданном {when}, не указаны конкретные основания.",
            en: "The refusal of {when} states no specific reasons.")
        case .refusalNamesNoListedGround: return MessageTemplate(
            kk: "{when} берілген бас тарту қызмет қағидаларында көзделген негіздердің бірде-бірін атамаған.",
            ru: "Отказ, выданный {when}, не называет ни одного из оснований, предусмотренных правилами услуги.",
            en: "The refusal of {when} names none of the grounds the service's rules allow.")
        case .refusalUnfounded: return MessageTemplate(
            kk: "{when} берілген бас тарту қызмет қағидаларының {received} күні қолданыста болған нұсқасында жоқ негізге сүйенген: {list}.",
            ru: "Отказ, выданный {when}, опирается на основание, которого нет в редакции правил услуги, действовавшей на {received}: {list}.",
            en: "The refusal of {when} rests on a ground the service's rules in force on {received} do not allow: {list}.")
        case .refusalWithoutHearing: return MessageTemplate(
            kk: "{when} бас тартудан бұрын тыңдау рәсімі өткізілмеген{notice}.",
            ru: "Перед отказом, выданным {when}, процедура заслушивания не проведена{notice}.",
            en: "No hearing was held before the refusal of {when}{notice}.")
        case .signerNotAllowed: return MessageTemplate(
            kk: "{when} құжатқа {who} қол қойған, бірақ оның бұл қызметке қол қою өкілеттігі жоқ.",
            ru: "{when} документ подписан {who}, не уполномоченным подписывать по этой услуге.",
            en: "Signed at {when} by {who}, who is not authorized to sign for this service.")
        case .signerAbsent: return MessageTemplate(
            kk: "{when} құжатқа {who} атынан қол қойылған, ал ол {from}–{to} аралығында жұмыста болмаған.",
            ru: "{when} документ подписан от имени {who}, отсутствовавшего с {from} по {to}.",
            en: "Signed at {when} in the name of {who}, who was absent from {from} to {to}.")
        case .complaintAnsweredLate: return MessageTemplate(
            kk: "{id} шағымы {registered} тіркелген, жауап {due} кешіктірмей берілуі тиіс еді, бірақ {actual} берілді: {late} жұмыс күніне кешіктірілген.",
            ru: "Жалоба {id} зарегистрирована {registered}, ответ должен был быть дан не позднее {due}, но дан {actual}: с опозданием на {late} раб. дн.",
            en: "Complaint {id}, registered on {registered}, was due an answer by {due} but was answered on {actual}: {late} working day(s) late.")
        case .complaintUnanswered: return MessageTemplate(
            kk: "{id} шағымы {registered} тіркелген, жауап {due} кешіктірмей берілуі тиіс еді, бірақ {asOf} күнге дейін берілмеген.",
            ru: "Жалоба {id} зарегистрирована {registered}, ответ должен был быть дан не позднее {due}, но на {asOf} не дан.",
            en: "Complaint {id}, registered on {registered}, was due an answer by {due} and is still unanswered on {asOf}.")
        }
    }
}
