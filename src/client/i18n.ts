/**
 * The page's words in English and Japanese. Language comes from `navigator.languages` and can be
 * switched on the page; the choice is remembered. Elements carry `data-i18n` (text) and
 * `data-i18n-label` (aria-label) keys, so switching rewrites the page in place.
 */
const EN = {
  'lang.label': 'Language',
  'status.label': 'Status',
  'signIn.heading': 'Sign in',
  'signIn.identity': 'Identity',
  'signIn.passcode': 'Passcode',
  'signIn.button': 'Sign in',
  'signIn.busy': 'Signing in…',
  'signIn.hint': 'The page forgets your passcode once you are signed in; closing the tab signs you out.',
  'signOut': 'Sign out',
  'signedInAs': 'Signed in as {identity}',
  'presence.offline': 'Offline',
  'presence.connecting': 'Connecting…',
  'presence.registered': 'Ready for calls',
  'presence.reconnecting': 'Reconnecting…',
  'dial.heading': 'Dial',
  'dial.number': 'Number or teammate',
  'dial.call': 'Call',
  'dial.backspace': 'Delete last character',
  'dial.keypad': 'Keypad',
  'team.heading': 'Team',
  'team.call': 'Call {name}',
  'team.you': 'you',
  'team.number': 'Team number: {number}',
  'recent.heading': 'Recent calls',
  'recent.empty': 'No calls yet.',
  'recent.callBack': 'Call back {peer}',
  'recent.clear': 'Clear recent calls',
  'recent.in': 'Incoming',
  'recent.out': 'Outgoing',
  'recent.answered': 'answered',
  'recent.missed': 'missed',
  'recent.rejected': 'rejected',
  'recent.failed': 'failed',
  'recent.unanswered': 'no answer',
  'call.heading': 'Call',
  'call.calling': 'Calling {peer}…',
  'call.ringing': 'Ringing {peer}…',
  'call.connected': 'In call with {peer}',
  'call.ended': 'Call with {peer} ended',
  'call.in': 'Incoming call',
  'call.out': 'Outgoing call',
  'call.mute': 'Mute',
  'call.muted': 'Microphone muted',
  'call.unmuted': 'Microphone on',
  'call.hangup': 'Hang up',
  'call.digits': 'Sent: {digits}',
  'call.reconnecting': 'The call lost its connection; reconnecting…',
  'call.reconnected': 'The call is connected again.',
  'incoming.heading': 'Incoming call',
  'incoming.from': 'Incoming call from {peer}',
  'incoming.accept': 'Accept',
  'incoming.reject': 'Reject',
  'incoming.teammate': 'Teammate',
  'incoming.transferredBy': 'Transferred by',
  'incoming.callerNumber': 'Number',
  'incoming.callerName': 'Name',
  'incoming.callerLocation': 'Location',
  'incoming.cancelled': 'The call from {peer} stopped ringing.',
  'incoming.elsewhere': 'The call from {peer} was answered in another tab.',
  'notify.body': '{peer} is calling',
  'warning.high-rtt': 'Long delay on the line.',
  'warning.low-mos': 'Poor call quality.',
  'warning.high-jitter': 'Choppy audio.',
  'warning.high-packet-loss': 'Audio is getting lost on the network.',
  'warning.high-packets-lost-fraction': 'Audio is getting lost on the network.',
  'warning.constant-audio-input-level': 'Your microphone seems silent; check it or unmute.',
  'warning.constant-audio-output-level': 'No sound is arriving from the other side.',
  'warning.ice-connectivity-lost': 'The call lost its connection; trying to recover.',
  'warning.generic': 'The call quality is degraded.',
  'warning.cleared': 'Call quality is back to normal.',
  'audio.heading': 'Audio',
  'audio.microphone': 'Microphone',
  'audio.speaker': 'Speaker',
  'audio.ringtone': 'Ringtone',
  'audio.micLevel': 'Microphone level',
  'audio.speakerLevel': 'Speaker level',
  'audio.default': 'System default',
  'refresh.retrying': 'Attempt {attempt} failed; retrying in {seconds} s.',
  'error.code': 'Error {code}',
  'error.dismiss': 'Dismiss',
} as const;

/** The name of one message of the page. */
export type MessageKey = keyof typeof EN;
/** The page's languages. */
export type Language = 'en' | 'ja';
export const LANGUAGES: readonly Language[] = ['en', 'ja'];
/** `translate` bound to the page's current language. */
export type Translate = (key: MessageKey, values?: Readonly<Record<string, string | number>>) => string;

const JA: Record<MessageKey, string> = {
  'lang.label': '言語',
  'status.label': '状態',
  'signIn.heading': 'サインイン',
  'signIn.identity': 'ユーザー名',
  'signIn.passcode': 'パスコード',
  'signIn.button': 'サインイン',
  'signIn.busy': 'サインイン中…',
  'signIn.hint': 'サインインするとページはパスコードを保持しません。タブを閉じるとサインアウトします。',
  'signOut': 'サインアウト',
  'signedInAs': '{identity} としてサインイン中',
  'presence.offline': 'オフライン',
  'presence.connecting': '接続中…',
  'presence.registered': '着信可能',
  'presence.reconnecting': '再接続中…',
  'dial.heading': 'ダイヤル',
  'dial.number': '電話番号またはメンバー',
  'dial.call': '発信',
  'dial.backspace': '1文字削除',
  'dial.keypad': 'キーパッド',
  'team.heading': 'チーム',
  'team.call': '{name} に発信',
  'team.you': 'あなた',
  'team.number': 'チームの番号: {number}',
  'recent.heading': '最近の通話',
  'recent.empty': '通話履歴はまだありません。',
  'recent.callBack': '{peer} に折り返す',
  'recent.clear': '履歴を消去',
  'recent.in': '着信',
  'recent.out': '発信',
  'recent.answered': '応答',
  'recent.missed': '不在',
  'recent.rejected': '拒否',
  'recent.failed': '失敗',
  'recent.unanswered': '応答なし',
  'call.heading': '通話',
  'call.calling': '{peer} に発信中…',
  'call.ringing': '{peer} を呼び出し中…',
  'call.connected': '{peer} と通話中',
  'call.ended': '{peer} との通話が終了しました',
  'call.in': '着信通話',
  'call.out': '発信通話',
  'call.mute': 'ミュート',
  'call.muted': 'マイクをミュートしました',
  'call.unmuted': 'マイクをオンにしました',
  'call.hangup': '通話終了',
  'call.digits': '送信済み: {digits}',
  'call.reconnecting': '通話の接続が切れました。再接続しています…',
  'call.reconnected': '通話が再接続されました。',
  'incoming.heading': '着信',
  'incoming.from': '{peer} から着信',
  'incoming.accept': '応答',
  'incoming.reject': '拒否',
  'incoming.teammate': 'チームメンバー',
  'incoming.transferredBy': '転送元',
  'incoming.callerNumber': '番号',
  'incoming.callerName': '名前',
  'incoming.callerLocation': '地域',
  'incoming.cancelled': '{peer} からの着信が終了しました。',
  'incoming.elsewhere': '{peer} からの着信は別のタブで応答されました。',
  'notify.body': '{peer} から着信しています',
  'warning.high-rtt': '通話の遅延が大きくなっています。',
  'warning.low-mos': '通話品質が低下しています。',
  'warning.high-jitter': '音声が途切れがちです。',
  'warning.high-packet-loss': 'ネットワークで音声が失われています。',
  'warning.high-packets-lost-fraction': 'ネットワークで音声が失われています。',
  'warning.constant-audio-input-level': 'マイクが無音のようです。確認するかミュートを解除してください。',
  'warning.constant-audio-output-level': '相手の音声が届いていません。',
  'warning.ice-connectivity-lost': '通話の接続が切れました。復旧を試みています。',
  'warning.generic': '通話品質が低下しています。',
  'warning.cleared': '通話品質は正常に戻りました。',
  'audio.heading': 'オーディオ',
  'audio.microphone': 'マイク',
  'audio.speaker': 'スピーカー',
  'audio.ringtone': '着信音',
  'audio.micLevel': 'マイクの音量',
  'audio.speakerLevel': 'スピーカーの音量',
  'audio.default': 'システムの既定',
  'refresh.retrying': '{attempt} 回目の更新に失敗しました。{seconds} 秒後に再試行します。',
  'error.code': 'エラー {code}',
  'error.dismiss': '閉じる',
};

/** Japanese wording of the error table entries the page shows (English comes from src/lib/errors.ts). */
export const JA_ERRORS: Readonly<Record<string, { title: string; action: string }>> = {
  20101: { title: 'アクセストークンが無効です', action: 'もう一度サインインしてください。' },
  20104: { title: 'アクセストークンの有効期限が切れました', action: 'もう一度サインインしてください。' },
  31005: { title: 'Twilio との接続が切れました', action: 'ネットワーク接続を確認してください。自動的に再接続します。' },
  31009: { title: 'Twilio に接続できませんでした', action: 'ネットワーク、ファイアウォール、プロキシを確認してください。' },
  31204: { title: 'アクセストークンを検証できませんでした', action: '管理者に API キーの設定を確認してもらってください。' },
  31205: { title: 'アクセストークンの有効期限が切れました', action: 'もう一度サインインし、パソコンの時計を確認してください。' },
  31401: { title: 'マイクの使用がブロックされています', action: 'アドレスバーからこのサイトのマイクを許可して、もう一度お試しください。' },
  31402: { title: 'マイクが見つかりません', action: 'マイクかヘッドセットを接続し、オーディオで選択してください。' },
  53405: { title: '通話の音声を接続できませんでした', action: 'ファイアウォールが WebRTC (UDP) を遮断している可能性があります。別のネットワークをお試しください。' },
  13214: { title: '発信者番号が許可されていません', action: '管理者に CALLER_ID の設定を確認してもらってください。' },
  SB_AUTH: { title: 'ユーザー名またはパスコードが違います', action: '綴りを確認してください。登録はチームメンバーに依頼してください。' },
  SB_CONFIG: { title: 'Switchboard が設定されていません', action: '管理者に設定を確認してもらってください。' },
  SB_NETWORK: { title: 'Switchboard に接続できませんでした', action: 'インターネット接続を確認して、もう一度お試しください。' },
  SB_SESSION: { title: 'セッションが終了しました', action: 'パスコードを入力して、もう一度サインインしてください。' },
  SB_SESSION_OVER: { title: 'セッションの有効時間が終わりました', action: 'パスコードを入力して、もう一度サインインしてください（セッションは SESSION_MAX_HOURS、既定では 12 時間です）。' },
  SB_NOT_ON_TEAM: { title: 'チームから外されています', action: 'Switchboard の管理者に再登録を依頼してください。' },
  SB_REFRESH: { title: 'セッションを更新できませんでした', action: '自動的に再試行します。インターネット接続を確認してください。' },
  SB_NUMBER_INVALID: { title: 'ダイヤルできる電話番号ではありません', action: '番号を確認するか、国番号付きで入力してください（例: +1 415 555 0100）。' },
  SB_NUMBER_COUNTRY: { title: 'その国への発信は許可されていません', action: '管理者に ALLOWED_COUNTRIES への追加を依頼してください。' },
  SB_NUMBER_TYPE: { title: '有料番号や種類不明の番号には発信できません', action: '固定電話、携帯電話、フリーダイヤルに発信してください。' },
  SB_TEAMMATE: { title: 'その名前のチームメンバーはいません', action: 'チーム一覧から選ぶか、電話番号を入力してください。' },
  SB_NOT_IN_CALL: { title: 'あなたはその通話に参加していません', action: '保留や転送は、通話中のメンバーだけができます。' },
  SB_CALL_ENDED: { title: '通話は終了しています', action: '何も変更していません。相手が電話を切ったか、通話が移されました。' },
  SB_CALL_STATE: { title: 'この通話では今それはできません', action: '進行中の転送や相談を先に終えてください。通話はそのまま続きます。' },
  SB_TARGET_SELF: { title: '自分自身には転送できません', action: '別のチームメンバーか電話番号を選んでください。' },
  SB_TARGET_BUSY: { title: 'そのメンバーは別の通話中です', action: '別のメンバーを選ぶか、あとでもう一度お試しください。通話相手はあなたとつながったままです。' },
  SB_BAD_REQUEST: { title: 'リクエストを理解できませんでした', action: 'ページを再読み込みして、もう一度お試しください。' },
  SB_TWILIO_UNAVAILABLE: { title: 'Twilio から時間内に応答がありませんでした', action: '数秒後に自動的に再試行します。' },
};

const MESSAGES: Record<Language, Record<MessageKey, string>> = { en: EN, ja: JA };

/** True for the name of a message, e.g. `warning.<name>` of an SDK warning we have words for. */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(EN, key);
}

/** The first supported language in the browser's preference list, English otherwise. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if ((LANGUAGES as readonly string[]).includes(base)) return base as Language;
  }
  return 'en';
}

/** A message with `{name}` placeholders filled in. */
export function translate(language: Language, key: MessageKey, values: Readonly<Record<string, string | number>> = {}): string {
  return MESSAGES[language][key].replace(/\{(\w+)\}/g, (match, name: string) => (name in values ? String(values[name]) : match));
}

/** Rewrites every `data-i18n` / `data-i18n-label` element under `root` in `language`. */
export function applyLanguage(root: ParentNode, language: Language): void {
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = translate(language, element.dataset.i18n as MessageKey);
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-label]')) {
    element.setAttribute('aria-label', translate(language, element.dataset.i18nLabel as MessageKey));
  }
}
