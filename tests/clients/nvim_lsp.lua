-- Headless Neovim 0.11 end-to-end test of goo-lsp through Neovim's own LSP client.
-- Run: GOO_SERVER=/path/to/goo-lsp GOO_FILE=tests/clients/sample.goo \
--      timeout 90 nvim --headless --clean -u tests/clients/nvim_lsp.lua
-- Prints one line per check and a closing "N passed, N failed" line; exits 1 on any failure.
local results = {}
local function check(name, ok, detail)
  table.insert(results, { name = name, ok = ok and true or false, detail = detail or "" })
end

local function find(bufnr, needle, delta)
  for row, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then return { line = row - 1, character = col - 1 + (delta or 0) } end
  end
  error("not found: " .. needle)
end

local function main()
  local file = assert(os.getenv("GOO_FILE"), "GOO_FILE not set")
  local server = assert(os.getenv("GOO_SERVER"), "GOO_SERVER not set")
  vim.cmd("filetype on")
  vim.filetype.add({ extension = { goo = "goo" } })
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  check("filetype is goo", vim.bo[bufnr].filetype == "goo", vim.bo[bufnr].filetype)
  local client_id = vim.lsp.start({ name = "goo", cmd = { server, "--stdio" }, root_dir = vim.fn.fnamemodify(file, ":p:h") })
  check("client started", client_id ~= nil)
  local attached = vim.wait(20000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized and #vim.diagnostic.get(bufnr) > 0
  end, 50)
  check("diagnostics arrived", attached)
  local diags = vim.diagnostic.get(bufnr)
  local found = false
  for _, d in ipairs(diags) do
    if d.message:find("cannot use total", 1, true) and d.source == "goo" and d.severity == vim.diagnostic.severity.ERROR then found = true end
  end
  check("type error diagnostic", found, vim.inspect(vim.tbl_map(function(d) return d.message end, diags)))

  local client = vim.lsp.get_client_by_id(client_id)
  local td = { uri = vim.uri_from_bufnr(bufnr) }
  local function req(method, params)
    local res = client:request_sync(method, params, 10000, bufnr)
    if not res then return nil, "timeout" end
    return res.result, res.err
  end

  local hover = req("textDocument/hover", { textDocument = td, position = find(bufnr, "total([]int{", 1) })
  local hv = hover and hover.contents and (hover.contents.value or hover.contents) or ""
  check("hover shows signature and doc", type(hv) == "string" and hv:find("func total(xs []int) int", 1, true) and hv:find("total adds up xs", 1, true), hv)

  local defs = req("textDocument/definition", { textDocument = td, position = find(bufnr, "c.Hit()", 3) })
  local def = defs and (defs[1] or defs)
  check("definition of method", def and def.range and def.range.start.line == find(bufnr, "Hit() {").line, vim.inspect(defs))

  local comp = req("textDocument/completion", { textDocument = td, position = find(bufnr, "c.Hit()", 2) })
  local labels = {}
  for _, item in ipairs((comp and (comp.items or comp)) or {}) do labels[item.label] = true end
  check("completion of members", labels["Hit"] and labels["name"] and labels["count"], vim.inspect(vim.tbl_keys(labels)))

  -- semantic tokens through Neovim's own machinery (requested automatically on attach)
  local pos = find(bufnr, "total([]int{", 1)
  local got = vim.wait(10000, function()
    local toks = vim.lsp.semantic_tokens.get_at_pos(bufnr, pos.line, pos.character) or {}
    for _, t in ipairs(toks) do if t.type == "function" then return true end end
    return false
  end, 50)
  check("semantic token: function", got)

  -- an edit through the buffer (incremental sync) updates the diagnostics
  local row = find(bufnr, "var s string").line
  vim.api.nvim_buf_set_lines(bufnr, row, row + 1, false, { "\tvar s int = total([]int{1, 2})" })
  local cleared = vim.wait(15000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.message:find("cannot use total", 1, true) then return false end
    end
    return true
  end, 50)
  check("diagnostics updated after edit", cleared)

  client:stop()
  vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 50)
end

local ok, err = pcall(main)
if not ok then check("script ran without error", false, tostring(err)) end
local passed, failed = 0, 0
for _, r in ipairs(results) do
  if r.ok then passed = passed + 1 else failed = failed + 1 end
  io.stdout:write((r.ok and "ok   " or "FAIL ") .. r.name .. (r.ok and "" or ("  -- " .. r.detail)) .. "\n")
end
io.stdout:write(string.format("%d passed, %d failed\n", passed, failed))
vim.cmd(failed == 0 and "qa!" or "cquit 1")
