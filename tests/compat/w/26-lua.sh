# what: lua: string, table and io functions, os.execute
# needs: lua5.4
lua5.4 -e 'local t = {} for i = 1, 10 do t[#t+1] = i*i end print(table.concat(t, ",")) local f = io.open("l", "w") f:write("lua") f:close() print(io.open("l"):read("a")) print(os.execute("true"))'
