/** Baseline for a data Function's error answer: the same status and `{error}` JSON for its path, with no token check and nothing else. */
const ERRORS = {
  '/calls': [400, 'SB_BAD_CURSOR', 'That page of the call history does not exist', 'Reload the call history from its first page.'],
  '/recording': [404, 'SB_NOT_FOUND', 'There is no such voicemail', 'A teammate may have deleted it; the list refreshes by itself.'],
  '/call-control': [400, 'SB_BAD_REQUEST', 'The request was not understood', 'Reload the page and try again.'],
  '/call-recording': [400, 'SB_BAD_REQUEST', 'The request was not understood', 'Reload the page and try again.'],
  '/recording-link': [404, 'SB_NO_RECORDING', 'There is no such recording', 'A teammate may have deleted it; the call history refreshes by itself.'],
  '/recording-delete': [404, 'SB_NO_RECORDING', 'There is no such recording', 'A teammate may have deleted it; the call history refreshes by itself.'],
  '/sign-out-everywhere': [503, 'SB_STORE_MISSING', "This needs the team's Sync store, which is not set up", 'Whoever runs Switchboard: run `npm run setup` (it creates the Sync Service and writes SYNC_SERVICE_SID), then redeploy.'],
};

exports.handler = (context, event, callback) => {
  const [status, code, message, action] = ERRORS[context.PATH];
  const response = new Twilio.Response();
  response.setStatusCode(status);
  response.appendHeader('Cache-Control', 'no-store');
  response.appendHeader('Content-Type', 'application/json');
  response.setBody({ error: { code, message, action } });
  callback(null, response);
};
