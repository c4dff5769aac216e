// share_link.lib.js: the page-side half of web/ui/share_link.cpp (an Emscripten
// JS library linked into lab_ui): reading and writing location.hash and copying
// the link to the clipboard.
mergeInto(LibraryManager.library, {
  // Bytes (UTF-8, without the terminating 0) of location.hash without '#'.
  lab_ui_page_hash_length: function () {
    return lengthBytesUTF8((window.location.hash || '').replace(/^#/, ''));
  },
  lab_ui_page_hash_copy: function (dst, capacity) {
    stringToUTF8((window.location.hash || '').replace(/^#/, ''), dst, capacity);
  },
  // Puts the hash in the address bar (no reload, no history entry) and copies the
  // whole link; lab_ui_share_status() then reports 0 pending, 1 copied, 2 not copied.
  lab_ui_share_hash: function (text) {
    var hash = UTF8ToString(text);
    try { window.history.replaceState(null, '', '#' + hash); } catch (e) { window.location.hash = hash; }
    Module['labShareStatus'] = 0;
    var done = function (ok) { Module['labShareStatus'] = ok ? 1 : 2; };
    try {
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(window.location.href).then(function () { done(true); },
                                                               function () { done(false); });
      } else {
        done(false);
      }
    } catch (e) {
      done(false);
    }
  },
  lab_ui_share_status: function () {
    var s = Module['labShareStatus'];
    return typeof s === 'number' ? s : 2;
  },
});
