// The webview's entry: the same bundle serves the answer panel and the sidebar chat.
import { startChatApp } from './chatApp';
import { startPanelApp } from './panelApp';
import { createSanitizer } from './sanitize';
import { installImageShrinker } from './imageShrink';

const sanitizer = createSanitizer(window);
installImageShrinker(window);
if (document.body.dataset.view === 'chat') startChatApp(sanitizer);
else startPanelApp(sanitizer);
