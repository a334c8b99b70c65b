export function bench_query(q) {
const ptr0 = passStringToWasm0(q, wasm.__wbindgen_export, wasm.__wbindgen_export2);
const len0 = WASM_VECTOR_LEN;
const ret = wasm.bench_query(ptr0, len0);
return takeObject(ret);
}

export function bench_timeline(frames) {
try {
const retptr = wasm.__wbindgen_add_to_stack_pointer(-16);
wasm.bench_timeline(retptr, frames);
var r0 = getDataViewMemory0().getInt32(retptr + 4 * 0, true);
var r1 = getDataViewMemory0().getInt32(retptr + 4 * 1, true);
var r2 = getDataViewMemory0().getInt32(retptr + 4 * 2, true);
var r3 = getDataViewMemory0().getInt32(retptr + 4 * 3, true);
if (r3) {
throw takeObject(r2);
}
var v1 = getArrayF64FromWasm0(r0, r1).slice();
wasm.__wbindgen_export5(r0, r1 * 8, 8);
return v1;
} finally {
wasm.__wbindgen_add_to_stack_pointer(16);
}
}

export function start() {
wasm.start();
}

export function version() {
let deferred1_0;
let deferred1_1;
try {
const retptr = wasm.__wbindgen_add_to_stack_pointer(-16);
wasm.version(retptr);
var r0 = getDataViewMemory0().getInt32(retptr + 4 * 0, true);
var r1 = getDataViewMemory0().getInt32(retptr + 4 * 1, true);
deferred1_0 = r0;
deferred1_1 = r1;
return getStringFromWasm0(r0, r1);
} finally {
wasm.__wbindgen_add_to_stack_pointer(16);
wasm.__wbindgen_export5(deferred1_0, deferred1_1, 1);
}
}
function __wbg_get_imports() {
const import0 = {
__proto__: null,
__wbg___wbindgen_is_function_1f9d30630b8b1d3d: function(arg0) {
const ret = typeof(getObject(arg0)) === 'function';
return ret;
},
__wbg___wbindgen_is_undefined_8865fb403f8fe9d8: function(arg0) {
const ret = getObject(arg0) === undefined;
return ret;
},
__wbg___wbindgen_number_get_2e0e7dee9f701a71: function(arg0, arg1) {
const obj = getObject(arg1);
const ret = typeof(obj) === 'number' ? obj : undefined;
getDataViewMemory0().setFloat64(arg0 + 8 * 1, isLikeNone(ret) ? 0 : ret, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, !isLikeNone(ret), true);
},
__wbg___wbindgen_rethrow_cb2e88c6b2a16733: function(arg0) {
throw takeObject(arg0);
},
__wbg___wbindgen_string_get_0380ccaa2f57f0d9: function(arg0, arg1) {
const obj = getObject(arg1);
const ret = typeof(obj) === 'string' ? obj : undefined;
var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_export, wasm.__wbindgen_export2);
var len1 = WASM_VECTOR_LEN;
getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
},
__wbg___wbindgen_throw_41e9ee4f547fc59a: function(arg0, arg1) {
throw new Error(getStringFromWasm0(arg0, arg1));
},
__wbg__wbg_cb_unref_dcc1a90847f04c41: function(arg0) {
getObject(arg0)._wbg_cb_unref();
},
__wbg_addEventListener_2fca777dff9cfa1d: function() { return handleError(function (arg0, arg1, arg2, arg3, arg4) {
getObject(arg0).addEventListener(getStringFromWasm0(arg1, arg2), getObject(arg3), arg4 !== 0);
}, arguments); },
__wbg_addEventListener_4d0db17c671ea324: function() { return handleError(function (arg0, arg1, arg2, arg3) {
getObject(arg0).addEventListener(getStringFromWasm0(arg1, arg2), getObject(arg3));
}, arguments); },
__wbg_addEventListener_8d3235978b9c69a8: function() { return handleError(function (arg0, arg1, arg2, arg3, arg4) {
getObject(arg0).addEventListener(getStringFromWasm0(arg1, arg2), getObject(arg3), getObject(arg4));
}, arguments); },
__wbg_add_9ceab44da1353b80: function() { return handleError(function (arg0, arg1, arg2) {
getObject(arg0).add(getStringFromWasm0(arg1, arg2));
}, arguments); },
__wbg_all_196ab373185536a2: function(arg0) {
const ret = Promise.all(getObject(arg0));
return addHeapObject(ret);
},
__wbg_altKey_cfb4c4fab9a7d0d0: function(arg0) {
const ret = getObject(arg0).altKey;
return ret;
},
__wbg_appendChild_fb8c52e7dd8484ea: function() { return handleError(function (arg0, arg1) {
const ret = getObject(arg0).appendChild(getObject(arg1));
return addHeapObject(ret);
}, arguments); },
__wbg_arrayBuffer_f07be74819944ea2: function() { return handleError(function (arg0) {
const ret = getObject(arg0).arrayBuffer();
return addHeapObject(ret);
}, arguments); },
__wbg_assign_02ce1efa4c15043f: function() { return handleError(function (arg0, arg1, arg2) {
getObject(arg0).assign(getStringFromWasm0(arg1, arg2));
}, arguments); },
__wbg_body_e549239eaff082e1: function(arg0) {
const ret = getObject(arg0).body;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_bottom_29cd36a415d12885: function(arg0) {
const ret = getObject(arg0).bottom;
return ret;
},
__wbg_button_1aa380c7ca420cd1: function(arg0) {
const ret = getObject(arg0).button;
return ret;
},
__wbg_call_187d372bd5fdd4aa: function() { return handleError(function (arg0, arg1, arg2) {
const ret = getObject(arg0).call(getObject(arg1), getObject(arg2));
return addHeapObject(ret);
}, arguments); },
__wbg_classList_8a097a4837412bf6: function(arg0) {
const ret = getObject(arg0).classList;
return addHeapObject(ret);
},
__wbg_clearTimeout_c7bc4c3c7a7774af: function(arg0, arg1) {
getObject(arg0).clearTimeout(arg1);
},
__wbg_clientWidth_08d5512595aacb73: function(arg0) {
const ret = getObject(arg0).clientWidth;
return ret;
},
__wbg_clientX_5075231ed45e8ef5: function(arg0) {
const ret = getObject(arg0).clientX;
return ret;
},
__wbg_clientY_846c39814ce02ab2: function(arg0) {
const ret = getObject(arg0).clientY;
return ret;
},
__wbg_closest_6abd1bf5d7559cda: function() { return handleError(function (arg0, arg1, arg2) {
const ret = getObject(arg0).closest(getStringFromWasm0(arg1, arg2));
return isLikeNone(ret) ? 0 : addHeapObject(ret);
}, arguments); },
__wbg_contains_dd3796baeaeb3211: function(arg0, arg1) {
const ret = getObject(arg0).contains(getObject(arg1));
return ret;
},
__wbg_createElement_74049073a11f9c31: function() { return handleError(function (arg0, arg1, arg2) {
const ret = getObject(arg0).createElement(getStringFromWasm0(arg1, arg2));
return addHeapObject(ret);
}, arguments); },
__wbg_ctrlKey_282349f48e6cb157: function(arg0) {
const ret = getObject(arg0).ctrlKey;
return ret;
},
__wbg_ctrlKey_8b5101745e8782fa: function(arg0) {
const ret = getObject(arg0).ctrlKey;
return ret;
},
__wbg_decodeURIComponent_4c02a566bbbeee61: function() { return handleError(function (arg0, arg1) {
const ret = decodeURIComponent(getStringFromWasm0(arg0, arg1));
return addHeapObject(ret);
}, arguments); },
__wbg_deltaMode_6280d8266d5520f5: function(arg0) {
const ret = getObject(arg0).deltaMode;
return ret;
},
__wbg_deltaX_d330516e89f03877: function(arg0) {
const ret = getObject(arg0).deltaX;
return ret;
},
__wbg_deltaY_7abc8fc9878d0002: function(arg0) {
const ret = getObject(arg0).deltaY;
return ret;
},
__wbg_documentElement_3f718a9a39a893d3: function(arg0) {
const ret = getObject(arg0).documentElement;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_document_9854e03c05fc8834: function(arg0) {
const ret = getObject(arg0).document;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_encodeURIComponent_efaac779eb523147: function(arg0, arg1) {
const ret = encodeURIComponent(getStringFromWasm0(arg0, arg1));
return addHeapObject(ret);
},
__wbg_fetch_4178962c570137ca: function(arg0, arg1, arg2) {
const ret = getObject(arg0).fetch(getStringFromWasm0(arg1, arg2));
return addHeapObject(ret);
},
__wbg_firstElementChild_d5206a011a5ecd0c: function(arg0) {
const ret = getObject(arg0).firstElementChild;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_focus_f740d61348f422e7: function() { return handleError(function (arg0) {
getObject(arg0).focus();
}, arguments); },
__wbg_getAttribute_061ad00c16e2f622: function(arg0, arg1, arg2, arg3) {
const ret = getObject(arg1).getAttribute(getStringFromWasm0(arg2, arg3));
var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_export, wasm.__wbindgen_export2);
var len1 = WASM_VECTOR_LEN;
getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
},
__wbg_getBoundingClientRect_57152b1a20f3de34: function(arg0) {
const ret = getObject(arg0).getBoundingClientRect();
return addHeapObject(ret);
},
__wbg_getElementById_cc94972b404e4eaa: function(arg0, arg1, arg2) {
const ret = getObject(arg0).getElementById(getStringFromWasm0(arg1, arg2));
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_get_6c896e0571ddae51: function(arg0, arg1) {
const ret = getObject(arg0)[arg1 >>> 0];
return addHeapObject(ret);
},
__wbg_hasAttribute_b009da6c546736e9: function(arg0, arg1, arg2) {
const ret = getObject(arg0).hasAttribute(getStringFromWasm0(arg1, arg2));
return ret;
},
__wbg_hash_c4083658cccb641b: function() { return handleError(function (arg0, arg1) {
const ret = getObject(arg1).hash;
const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_export, wasm.__wbindgen_export2);
const len1 = WASM_VECTOR_LEN;
getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
}, arguments); },
__wbg_history_4128e7793fa4758c: function() { return handleError(function (arg0) {
const ret = getObject(arg0).history;
return addHeapObject(ret);
}, arguments); },
__wbg_innerWidth_1bc526614080537c: function() { return handleError(function (arg0) {
const ret = getObject(arg0).innerWidth;
return addHeapObject(ret);
}, arguments); },
__wbg_instanceof_Element_818e11074cdb63b5: function(arg0) {
let result;
try {
result = getObject(arg0) instanceof Element;
} catch (_) {
result = false;
}
const ret = result;
return ret;
},
__wbg_instanceof_HtmlElement_32fb153a5a0e2349: function(arg0) {
let result;
try {
result = getObject(arg0) instanceof HTMLElement;
} catch (_) {
result = false;
}
const ret = result;
return ret;
},
__wbg_instanceof_HtmlInputElement_5c33d1de59c09c49: function(arg0) {
let result;
try {
result = getObject(arg0) instanceof HTMLInputElement;
} catch (_) {
result = false;
}
const ret = result;
return ret;
},
__wbg_instanceof_KeyboardEvent_0176f04c0ee63f6d: function(arg0) {
let result;
try {
result = getObject(arg0) instanceof KeyboardEvent;
} catch (_) {
result = false;
}
const ret = result;
return ret;
},
__wbg_instanceof_Node_177cfa58c50e2609: function(arg0) {
let result;
try {
result = getObject(arg0) instanceof Node;
} catch (_) {
result = false;
}
const ret = result;
return ret;
},
__wbg_instanceof_PointerEvent_7da84319295c0048: function(arg0) {
let result;
try {
result = getObject(arg0) instanceof PointerEvent;
} catch (_) {
result = false;
}
const ret = result;
return ret;
},
__wbg_instanceof_Response_b8758567269c30b2: function(arg0) {
let result;
try {
result = getObject(arg0) instanceof Response;
} catch (_) {
result = false;
}
const ret = result;
return ret;
},
__wbg_instanceof_WheelEvent_614405cd78c84e54: function(arg0) {
let result;
try {
result = getObject(arg0) instanceof WheelEvent;
} catch (_) {
result = false;
}
const ret = result;
return ret;
},
__wbg_instanceof_Window_82d71df4eddf88bc: function(arg0) {
let result;
try {
result = getObject(arg0) instanceof Window;
} catch (_) {
result = false;
}
const ret = result;
return ret;
},
__wbg_isConnected_3c975c49e16d3a29: function(arg0) {
const ret = getObject(arg0).isConnected;
return ret;
},
__wbg_item_2fbc5d9a03fe97aa: function(arg0, arg1) {
const ret = getObject(arg0).item(arg1 >>> 0);
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_key_1193871533b99ae5: function(arg0, arg1) {
const ret = getObject(arg1).key;
const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_export, wasm.__wbindgen_export2);
const len1 = WASM_VECTOR_LEN;
getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
},
__wbg_left_e0a244490fe2f293: function(arg0) {
const ret = getObject(arg0).left;
return ret;
},
__wbg_length_4d294cbd6accf92f: function(arg0) {
const ret = getObject(arg0).length;
return ret;
},
__wbg_length_7f3c00c40364105e: function(arg0) {
const ret = getObject(arg0).length;
return ret;
},
__wbg_location_9c46e8ada95d3174: function(arg0) {
const ret = getObject(arg0).location;
return addHeapObject(ret);
},
__wbg_metaKey_fb78da4d237d5bbb: function(arg0) {
const ret = getObject(arg0).metaKey;
return ret;
},
__wbg_new_1dbf7428bba60a42: function(arg0) {
const ret = new Uint8Array(getObject(arg0));
return addHeapObject(ret);
},
__wbg_new_617a8cdb8bb1130e: function() {
const ret = new Object();
return addHeapObject(ret);
},
__wbg_new_ee2291f50781bf1d: function() {
const ret = new Array();
return addHeapObject(ret);
},
__wbg_new_typed_b01cb72a8af741a3: function(arg0, arg1) {
try {
var state0 = {a: arg0, b: arg1};
var cb0 = (arg0, arg1) => {
const a = state0.a;
state0.a = 0;
try {
return __wasm_bindgen_func_elem_1369(a, state0.b, arg0, arg1);
} finally {
state0.a = a;
}
};
const ret = new Promise(cb0);
return addHeapObject(ret);
} finally {
state0.a = 0;
}
},
__wbg_now_d0b7f4bea9f38490: function(arg0) {
const ret = getObject(arg0).now();
return ret;
},
__wbg_offsetWidth_1d736667aa04ab3a: function(arg0) {
const ret = getObject(arg0).offsetWidth;
return ret;
},
__wbg_ok_125878a7db256ecb: function(arg0) {
const ret = getObject(arg0).ok;
return ret;
},
__wbg_ownerDocument_32ced9dbf52cf8d2: function(arg0) {
const ret = getObject(arg0).ownerDocument;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_pathname_2722e395309e4ee1: function() { return handleError(function (arg0, arg1) {
const ret = getObject(arg1).pathname;
const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_export, wasm.__wbindgen_export2);
const len1 = WASM_VECTOR_LEN;
getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
}, arguments); },
__wbg_performance_d0d7b03fc649b694: function(arg0) {
const ret = getObject(arg0).performance;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_pointerId_1b91f6b6c8f92501: function(arg0) {
const ret = getObject(arg0).pointerId;
return ret;
},
__wbg_pointerType_2e8b8270da489520: function(arg0, arg1) {
const ret = getObject(arg1).pointerType;
const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_export, wasm.__wbindgen_export2);
const len1 = WASM_VECTOR_LEN;
getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
},
__wbg_preventDefault_af59afb0f0a02e20: function(arg0) {
getObject(arg0).preventDefault();
},
__wbg_prototypesetcall_bc27214492979395: function(arg0, arg1, arg2) {
Uint8Array.prototype.set.call(getArrayU8FromWasm0(arg0, arg1), getObject(arg2));
},
__wbg_push_2baf45db356cf468: function(arg0, arg1) {
const ret = getObject(arg0).push(getObject(arg1));
return ret;
},
__wbg_querySelectorAll_6aebfe3df1fb2014: function() { return handleError(function (arg0, arg1, arg2) {
const ret = getObject(arg0).querySelectorAll(getStringFromWasm0(arg1, arg2));
return addHeapObject(ret);
}, arguments); },
__wbg_querySelectorAll_8c482e0f1fcafea8: function() { return handleError(function (arg0, arg1, arg2) {
const ret = getObject(arg0).querySelectorAll(getStringFromWasm0(arg1, arg2));
return addHeapObject(ret);
}, arguments); },
__wbg_querySelector_49877e2a9e3f670b: function() { return handleError(function (arg0, arg1, arg2) {
const ret = getObject(arg0).querySelector(getStringFromWasm0(arg1, arg2));
return isLikeNone(ret) ? 0 : addHeapObject(ret);
}, arguments); },
__wbg_querySelector_ecbc2550705b235f: function() { return handleError(function (arg0, arg1, arg2) {
const ret = getObject(arg0).querySelector(getStringFromWasm0(arg1, arg2));
return isLikeNone(ret) ? 0 : addHeapObject(ret);
}, arguments); },
__wbg_queueMicrotask_9833f9a49df95a49: function(arg0) {
const ret = getObject(arg0).queueMicrotask;
return addHeapObject(ret);
},
__wbg_queueMicrotask_a72f977e97f23c5f: function(arg0) {
queueMicrotask(getObject(arg0));
},
__wbg_removeAttribute_2f2700a6f933a6be: function() { return handleError(function (arg0, arg1, arg2) {
getObject(arg0).removeAttribute(getStringFromWasm0(arg1, arg2));
}, arguments); },
__wbg_remove_1013622eead8b586: function() { return handleError(function (arg0, arg1, arg2) {
getObject(arg0).remove(getStringFromWasm0(arg1, arg2));
}, arguments); },
__wbg_replaceState_8814bbf1e44e1990: function() { return handleError(function (arg0, arg1, arg2, arg3, arg4, arg5) {
getObject(arg0).replaceState(getObject(arg1), getStringFromWasm0(arg2, arg3), arg4 === 0 ? undefined : getStringFromWasm0(arg4, arg5));
}, arguments); },
__wbg_requestAnimationFrame_7b526ab7aa550c74: function() { return handleError(function (arg0, arg1) {
const ret = getObject(arg0).requestAnimationFrame(getObject(arg1));
return ret;
}, arguments); },
__wbg_resolve_0076e10020304ede: function(arg0) {
const ret = Promise.resolve(getObject(arg0));
return addHeapObject(ret);
},
__wbg_scrollIntoView_0ff76130a0b6bbbe: function(arg0, arg1) {
getObject(arg0).scrollIntoView(arg1 !== 0);
},
__wbg_scrollX_b750eb3b15dd790b: function() { return handleError(function (arg0) {
const ret = getObject(arg0).scrollX;
return ret;
}, arguments); },
__wbg_scrollY_12efa41ee2a3c51e: function() { return handleError(function (arg0) {
const ret = getObject(arg0).scrollY;
return ret;
}, arguments); },
__wbg_search_31c06ba77ebf51f4: function() { return handleError(function (arg0, arg1) {
const ret = getObject(arg1).search;
const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_export, wasm.__wbindgen_export2);
const len1 = WASM_VECTOR_LEN;
getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
}, arguments); },
__wbg_select_2ecff207e9372789: function(arg0) {
getObject(arg0).select();
},
__wbg_setAttribute_9e7d603908f63705: function() { return handleError(function (arg0, arg1, arg2, arg3, arg4) {
getObject(arg0).setAttribute(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
}, arguments); },
__wbg_setPointerCapture_a53e23b7bccef290: function() { return handleError(function (arg0, arg1) {
getObject(arg0).setPointerCapture(arg1);
}, arguments); },
__wbg_setProperty_097bc3d55ce44513: function() { return handleError(function (arg0, arg1, arg2, arg3, arg4) {
getObject(arg0).setProperty(getStringFromWasm0(arg1, arg2), getStringFromWasm0(arg3, arg4));
}, arguments); },
__wbg_setTimeout_db7bbc18a17e152a: function() { return handleError(function (arg0, arg1, arg2) {
const ret = getObject(arg0).setTimeout(getObject(arg1), arg2);
return ret;
}, arguments); },
__wbg_set_className_541fce5cd31918aa: function(arg0, arg1, arg2) {
getObject(arg0).className = getStringFromWasm0(arg1, arg2);
},
__wbg_set_innerHTML_7af59a832a09a074: function(arg0, arg1, arg2) {
getObject(arg0).innerHTML = getStringFromWasm0(arg1, arg2);
},
__wbg_set_passive_31e9f895d2ac0046: function(arg0, arg1) {
getObject(arg0).passive = arg1 !== 0;
},
__wbg_set_textContent_6d6fc559f198055f: function(arg0, arg1, arg2) {
getObject(arg0).textContent = arg1 === 0 ? undefined : getStringFromWasm0(arg1, arg2);
},
__wbg_set_value_fbd659f94bfb9181: function(arg0, arg1, arg2) {
getObject(arg0).value = getStringFromWasm0(arg1, arg2);
},
__wbg_shiftKey_ecdc496db72e8a50: function(arg0) {
const ret = getObject(arg0).shiftKey;
return ret;
},
__wbg_static_accessor_GLOBAL_266715b9d96ba635: function() {
const ret = typeof global === 'undefined' ? null : global;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_static_accessor_GLOBAL_THIS_10fb7dc1ae063179: function() {
const ret = typeof globalThis === 'undefined' ? null : globalThis;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_static_accessor_SELF_0b583911f537483a: function() {
const ret = typeof self === 'undefined' ? null : self;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_static_accessor_WINDOW_d7f903d1508cbdc4: function() {
const ret = typeof window === 'undefined' ? null : window;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_status_ce0a98d3c57125f3: function(arg0) {
const ret = getObject(arg0).status;
return ret;
},
__wbg_stopPropagation_effafbc3bc773f1c: function(arg0) {
getObject(arg0).stopPropagation();
},
__wbg_style_4bce24230e493a7c: function(arg0) {
const ret = getObject(arg0).style;
return addHeapObject(ret);
},
__wbg_target_38ae9feb025b820c: function(arg0) {
const ret = getObject(arg0).target;
return isLikeNone(ret) ? 0 : addHeapObject(ret);
},
__wbg_textContent_acd42c63564a445e: function(arg0, arg1) {
const ret = getObject(arg1).textContent;
var ptr1 = isLikeNone(ret) ? 0 : passStringToWasm0(ret, wasm.__wbindgen_export, wasm.__wbindgen_export2);
var len1 = WASM_VECTOR_LEN;
getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
},
__wbg_then_c949d5a25a4e78f8: function(arg0, arg1, arg2) {
const ret = getObject(arg0).then(getObject(arg1), getObject(arg2));
return addHeapObject(ret);
},
__wbg_then_e71170d78fcf8954: function(arg0, arg1) {
const ret = getObject(arg0).then(getObject(arg1));
return addHeapObject(ret);
},
__wbg_top_ff4627294d2cdeb8: function(arg0) {
const ret = getObject(arg0).top;
return ret;
},
__wbg_value_05305a761dfa3e0e: function(arg0, arg1) {
const ret = getObject(arg1).value;
const ptr1 = passStringToWasm0(ret, wasm.__wbindgen_export, wasm.__wbindgen_export2);
const len1 = WASM_VECTOR_LEN;
getDataViewMemory0().setInt32(arg0 + 4 * 1, len1, true);
getDataViewMemory0().setInt32(arg0 + 4 * 0, ptr1, true);
},
__wbg_warn_13abc63e0d4b3527: function(arg0) {
console.warn(getObject(arg0));
},
__wbg_width_d5e379bde85b6eaa: function(arg0) {
const ret = getObject(arg0).width;
return ret;
},
__wbindgen_generic_0000000000000001: function(arg0, arg1) {
// Cast intrinsic for `Closure(Closure { owned: true, function: Function { arguments: [Externref], shim_idx: 101, ret: Result(Unit), inner_ret: Some(Result(Unit)) }, mutable: true }) -> Externref`.
const ret = makeMutClosure(arg0, arg1, __wasm_bindgen_func_elem_1361);
return addHeapObject(ret);
},
__wbindgen_generic_0000000000000002: function(arg0, arg1) {
// Cast intrinsic for `Closure(Closure { owned: true, function: Function { arguments: [NamedExternref("Event")], shim_idx: 5, ret: Unit, inner_ret: Some(Unit) }, mutable: true }) -> Externref`.
const ret = makeMutClosure(arg0, arg1, __wasm_bindgen_func_elem_415);
return addHeapObject(ret);
},
__wbindgen_generic_0000000000000003: function(arg0, arg1) {
// Cast intrinsic for `Closure(Closure { owned: true, function: Function { arguments: [], shim_idx: 4, ret: Unit, inner_ret: Some(Unit) }, mutable: true }) -> Externref`.
const ret = makeMutClosure(arg0, arg1, __wasm_bindgen_func_elem_414);
return addHeapObject(ret);
},
__wbindgen_generic_0000000000000004: function(arg0) {
// Cast intrinsic for `F64 -> Externref`.
const ret = arg0;
return addHeapObject(ret);
},
__wbindgen_generic_0000000000000005: function(arg0, arg1) {
// Cast intrinsic for `Ref(String) -> Externref`.
const ret = getStringFromWasm0(arg0, arg1);
return addHeapObject(ret);
},
__wbindgen_object_clone_ref: function(arg0) {
const ret = getObject(arg0);
return addHeapObject(ret);
},
__wbindgen_object_drop_ref: function(arg0) {
takeObject(arg0);
},
};
return {
__proto__: null,
"./debrief_bg.js": import0,
};
}

function __wasm_bindgen_func_elem_414(arg0, arg1) {
wasm.__wasm_bindgen_func_elem_414(arg0, arg1);
}

function __wasm_bindgen_func_elem_415(arg0, arg1, arg2) {
wasm.__wasm_bindgen_func_elem_415(arg0, arg1, addHeapObject(arg2));
}

function __wasm_bindgen_func_elem_1369(arg0, arg1, arg2, arg3) {
wasm.__wasm_bindgen_func_elem_1369(arg0, arg1, addHeapObject(arg2), addHeapObject(arg3));
}

function __wasm_bindgen_func_elem_1361(arg0, arg1, arg2) {
try {
const retptr = wasm.__wbindgen_add_to_stack_pointer(-16);
wasm.__wasm_bindgen_func_elem_1361(retptr, arg0, arg1, addHeapObject(arg2));
var r0 = getDataViewMemory0().getInt32(retptr + 4 * 0, true);
var r1 = getDataViewMemory0().getInt32(retptr + 4 * 1, true);
if (r1) {
throw takeObject(r0);
}
} finally {
wasm.__wbindgen_add_to_stack_pointer(16);
}
}

function addHeapObject(obj) {
if (heap_next === heap.length) heap.push(heap.length + 1);
const idx = heap_next;
heap_next = heap[idx];

heap[idx] = obj;
return idx;
}

const CLOSURE_DTORS = (typeof FinalizationRegistry === 'undefined')
? { register: () => {}, unregister: () => {} }
: new FinalizationRegistry(state => wasm.__wbindgen_export4(state.a, state.b));

function dropObject(idx) {
if (idx < 1028) return;
heap[idx] = heap_next;
heap_next = idx;
}

function getArrayF64FromWasm0(ptr, len) {
ptr = ptr >>> 0;
return getFloat64ArrayMemory0().subarray(ptr / 8, ptr / 8 + len);
}

function getArrayU8FromWasm0(ptr, len) {
ptr = ptr >>> 0;
return getUint8ArrayMemory0().subarray(ptr / 1, ptr / 1 + len);
}

let cachedDataViewMemory0 = null;
function getDataViewMemory0() {
if (cachedDataViewMemory0 === null || cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.memory.buffer)) {
cachedDataViewMemory0 = new DataView(wasm.memory.buffer);
}
return cachedDataViewMemory0;
}

let cachedFloat64ArrayMemory0 = null;
function getFloat64ArrayMemory0() {
if (cachedFloat64ArrayMemory0 === null || cachedFloat64ArrayMemory0.byteLength === 0) {
cachedFloat64ArrayMemory0 = new Float64Array(wasm.memory.buffer);
}
return cachedFloat64ArrayMemory0;
}

function getStringFromWasm0(ptr, len) {
return decodeText(ptr >>> 0, len);
}

let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
}
return cachedUint8ArrayMemory0;
}

function getObject(idx) { return heap[idx]; }

function handleError(f, args) {
try {
return f.apply(this, args);
} catch (e) {
wasm.__wbindgen_export3(addHeapObject(e));
}
}

let heap = new Array(1024).fill(undefined);
heap.push(undefined, null, true, false);

let heap_next = heap.length;

function isLikeNone(x) {
return x === undefined || x === null;
}

function makeMutClosure(arg0, arg1, f) {
const state = { a: arg0, b: arg1, cnt: 1 };
const real = (...args) => {

// First up with a closure we increment the internal reference
// count. This ensures that the Rust closure environment won't
// be deallocated while we're invoking it.
state.cnt++;
const a = state.a;
state.a = 0;
try {
return f(a, state.b, ...args);
} finally {
state.a = a;
real._wbg_cb_unref();
}
};
real._wbg_cb_unref = () => {
if (--state.cnt === 0) {
wasm.__wbindgen_export4(state.a, state.b);
state.a = 0;
CLOSURE_DTORS.unregister(state);
}
};
CLOSURE_DTORS.register(real, state, state);
return real;
}

function passStringToWasm0(arg, malloc, realloc) {
if (realloc === undefined) {
const buf = cachedTextEncoder.encode(arg);
const ptr = malloc(buf.length, 1) >>> 0;
getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
WASM_VECTOR_LEN = buf.length;
return ptr;
}

let len = arg.length;
let ptr = malloc(len, 1) >>> 0;

const mem = getUint8ArrayMemory0();

let offset = 0;

for (; offset < len; offset++) {
const code = arg.charCodeAt(offset);
if (code > 0x7F) break;
mem[ptr + offset] = code;
}
if (offset !== len) {
if (offset !== 0) {
arg = arg.slice(offset);
}
ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
const ret = cachedTextEncoder.encodeInto(arg, view);

offset += ret.written;
ptr = realloc(ptr, len, offset, 1) >>> 0;
}

WASM_VECTOR_LEN = offset;
return ptr;
}

function takeObject(idx) {
const ret = getObject(idx);
dropObject(idx);
return ret;
}

let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
cachedTextDecoder.decode();
const MAX_SAFARI_DECODE_BYTES = 2146435072;
let numBytesDecoded = 0;
function decodeText(ptr, len) {
numBytesDecoded += len;
if (numBytesDecoded >= MAX_SAFARI_DECODE_BYTES) {
cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
cachedTextDecoder.decode();
numBytesDecoded = len;
}
return cachedTextDecoder.decode(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

const cachedTextEncoder = new TextEncoder();

if (!('encodeInto' in cachedTextEncoder)) {
cachedTextEncoder.encodeInto = function (arg, view) {
const buf = cachedTextEncoder.encode(arg);
view.set(buf);
return {
read: arg.length,
written: buf.length
};
};
}

let WASM_VECTOR_LEN = 0;

let wasmModule, wasmInstance, wasm;
function __wbg_finalize_init(instance, module) {
wasmInstance = instance;
wasm = instance.exports;
wasmModule = module;
cachedDataViewMemory0 = null;
cachedFloat64ArrayMemory0 = null;
cachedUint8ArrayMemory0 = null;
wasm.__wbindgen_start();
return wasm;
}

async function __wbg_load(module, imports) {
if (typeof Response === 'function' && module instanceof Response) {
if (!module.ok) {
throw new Error(`failed to fetch Wasm: ${module.status} ${module.statusText} fetching '${module.url}'`);
}

if (typeof WebAssembly.instantiateStreaming === 'function') {
try {
return await WebAssembly.instantiateStreaming(module, imports);
} catch (e) {
const validResponse = expectedResponseType(module.type);

if (validResponse && module.headers.get('Content-Type') !== 'application/wasm') {
console.warn("`WebAssembly.instantiateStreaming` failed because your server does not serve Wasm with `application/wasm` MIME type. Falling back to `WebAssembly.instantiate` which is slower. Original error:\n", e);

} else { throw e; }
}
}

const bytes = await module.arrayBuffer();
return await WebAssembly.instantiate(bytes, imports);
} else {
const instance = await WebAssembly.instantiate(module, imports);

if (instance instanceof WebAssembly.Instance) {
return { instance, module };
} else {
return instance;
}
}

function expectedResponseType(type) {
switch (type) {
case 'basic': case 'cors': case 'default': return true;
}
return false;
}
}

function initSync(module) {
if (wasm !== undefined) return wasm;


if (module !== undefined) {
if (Object.getPrototypeOf(module) === Object.prototype) {
({module} = module)
} else {
console.warn('using deprecated parameters for `initSync()`; pass a single object instead')
}
}

const imports = __wbg_get_imports();
if (!(module instanceof WebAssembly.Module)) {
module = new WebAssembly.Module(module);
}
const instance = new WebAssembly.Instance(module, imports);
return __wbg_finalize_init(instance, module);
}

async function __wbg_init(module_or_path) {
if (wasm !== undefined) return wasm;


if (module_or_path !== undefined) {
if (Object.getPrototypeOf(module_or_path) === Object.prototype) {
({module_or_path} = module_or_path)
} else {
console.warn('using deprecated parameters for the initialization function; pass a single object instead')
}
}

if (module_or_path === undefined) {
module_or_path = new URL('debrief_bg.wasm', import.meta.url);
}
const imports = __wbg_get_imports();

if (typeof module_or_path === 'string' || (typeof Request === 'function' && module_or_path instanceof Request) || (typeof URL === 'function' && module_or_path instanceof URL)) {
module_or_path = fetch(module_or_path);
}

const { instance, module } = await __wbg_load(await module_or_path, imports);

return __wbg_finalize_init(instance, module);
}

export { initSync, __wbg_init as default };
