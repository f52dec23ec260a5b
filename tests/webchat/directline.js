// offline-directline on a free port of 127.0.0.1, forwarding to the bot URL given as the first argument.
// Prints "listening <port>" once it accepts connections. The serviceUrl it writes into activities is
// replaced by the proxy in front of the bot (tests/webchat/proxy.py), so it is left as a placeholder.
const express = require('express');
const { getRouter } = require('offline-directline');

const app = express();
app.use(getRouter('http://service-url.invalid', process.argv[2]));
const server = app.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
